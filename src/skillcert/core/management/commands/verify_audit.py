from django.core.management.base import BaseCommand, CommandError

from skillcert.core.audit import audit_verify


class Command(BaseCommand):
    help = "Verify the audit chain (REC-09) and report the first broken link."

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            where = f"entry #{report.broken_id}" if report.broken_id else "the chain head"
            raise CommandError(
                f"审计链断裂 / audit chain broken at {where}: {report.reason} "
                f"({report.checked} entries verified before it)"
            )
        self.stdout.write(f"审计链完整 / audit chain intact: {report.checked} entries")
