"""`python -m skillcert backup FILE.zip`: every table and every stored file, exactly."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skillcert.core.backup import backup_write


class Command(BaseCommand):
    help = (
        "备份全部数据表与媒体文件到一个zip（精确到微秒，恢复后审计链仍完整）。"
        "Back up every table and media file to one zip; restore with `restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", type=Path, help="the .zip to write")
        parser.add_argument("--force", action="store_true", help="overwrite an existing file")

    def handle(self, *args, target: Path, force: bool, **options):
        if target.exists() and not force:
            raise CommandError(f"{target} 已存在；用 --force 覆盖 / exists, use --force")
        manifest = backup_write(target=target)
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"已备份 / backed up: {len(manifest['tables'])} 张表 tables, {rows} 行 rows, "
            f"{len(manifest['media'])} 个文件 files → {target}"
        )
