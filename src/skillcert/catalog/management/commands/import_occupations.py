"""`manage.py import_occupations FILE [--deactivate-missing] [--dry-run] [--job-types]` (CAT-04)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skillcert.catalog.services import job_types_import, occupations_import, read_table
from skillcert.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "导入职业目录（.csv/.xlsx，列：层级/level、职业编码/code、名称/name，可选类别/kind、"
        "green、digital）。全部行正确才会写入；有错误行时列出每一行并以非零状态退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=".csv 或 .xlsx 文件")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="文件为完整目录：停用文件中没有的现行职业",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
        parser.add_argument(
            "--job-types",
            action="store_true",
            help="文件为工种与评价标准（列：职业编码、工种/职业方向、级别、评价标准）",
        )

    def handle(self, *args, file, deactivate_missing, dry_run, job_types, **options):
        if not Path(file).is_file():
            raise CommandError(f"文件不存在：{file}")
        try:
            rows = read_table(file)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if job_types:
            if deactivate_missing:
                raise CommandError("--deactivate-missing 只用于职业目录，不能与 --job-types 同用")
            report = job_types_import(actor=None, rows=rows, dry_run=dry_run)
        else:
            report = occupations_import(
                actor=None, rows=rows, dry_run=dry_run, deactivate_missing=deactivate_missing
            )
        if not report.ok:
            # Errors on stderr and a non-zero exit, so scripts and CI notice a bad file.
            raise CommandError("\n".join(report.lines()))
        self.stdout.write("\n".join(report.lines()))
