"""`manage.py verify_audit`: recompute the audit chain (REC-09) under AUDIT_KEY and name the
first broken link."""

from django.core.management.base import BaseCommand, CommandError

from skillcert.core.audit import audit_verify
from skillcert.core.models import AuditEntry

# audit.py reports in English (for logs); the command speaks to an operator in Chinese too.
REASONS_ZH = {
    "prev_hash does not match the entry before": "前一哈希与上一条不符（其前有记录被删除或改动）",
    "content does not match its hash": "内容与其哈希不符（该条被改动）",
    "the chain was cut after its last entry": "链尾被截断（最后的记录被删除）",
    "the chain head is missing": "链头缺失（链头记录被删除）",
    "the chain head does not verify under AUDIT_KEY": (
        "链头与密钥不符（AUDIT_KEY不正确，或链头被改动）"
    ),
    "the last unkeyed entry is missing": "启用密钥前的最后一条记录缺失",
    "the last unkeyed entry was changed": "启用密钥前的最后一条记录被改动",
}


class Command(BaseCommand):
    help = "校验审计链（REC-09），报告第一处断裂。Verify the audit chain, report the first break."

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            reason = f"{REASONS_ZH.get(report.reason, report.reason)} / {report.reason}"
            raise CommandError(
                f"审计链断裂 / audit chain broken at {self._where(report.broken_id)}: {reason} "
                f"（此前已校验{report.checked}条 / {report.checked} entries verified before it）"
            )
        self.stdout.write(f"审计链完整 / audit chain intact: {report.checked} entries")

    @staticmethod
    def _where(entry_id: int | None) -> str:
        if entry_id is None:
            return "the chain head（链尾）"
        entry = AuditEntry.objects.filter(pk=entry_id).first()
        detail = (
            f" ({entry.action} {entry.object_type}:{entry.object_id}, {entry.at:%Y-%m-%d %H:%M:%S})"
        )
        return f"entry #{entry_id}" + (detail if entry else "")
