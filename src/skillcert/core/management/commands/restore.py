"""`python -m skillcert restore FILE.zip`: into an empty, migrated database only; then the
audit chain is verified (REC-09)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skillcert.core.audit import audit_verify
from skillcert.core.backup import backup_restore
from skillcert.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "从backup生成的zip恢复到空库（先migrate；需相同的FIELD_ENCRYPTION_KEY与AUDIT_KEY）。"
        "Restore a backup into an empty migrated database with the same keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="the .zip written by `backup`")

    def handle(self, *args, source: Path, **options):
        if not source.is_file():
            raise CommandError(f"找不到备份文件 / no such file: {source}")
        try:
            manifest = backup_restore(source=source)
        except DomainError as exc:
            raise CommandError(f"{exc.message}（{exc.rule}）") from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"已恢复 / restored: {rows} 行 rows, {len(manifest['media'])} 个文件 files"
        )
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"已恢复，但审计链校验失败 / restored, but the audit chain does not verify: "
                f"{report.reason}（AUDIT_KEY是否与备份时相同？）"
            )
        self.stdout.write(f"审计链完整 / audit chain intact: {report.checked} entries")
