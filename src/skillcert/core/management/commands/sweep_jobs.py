from datetime import timedelta

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from skillcert.core.models import BackgroundJob


class Command(BaseCommand):
    help = "Fail background jobs (roster imports, batch PDFs) a killed worker left unfinished."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            metavar="MINUTES",
            help="only jobs created at least this long ago (default 60)",
        )

    def handle(self, *args, older_than: int, **options):
        if older_than < 0:
            raise CommandError("--older-than 不能为负数 / must not be negative")
        before = timezone.now() - timedelta(minutes=older_than)
        for model in apps.get_models():
            if issubclass(model, BackgroundJob):
                count = model.fail_abandoned(started_before=before)
                self.stdout.write(f"{model._meta.verbose_name}: {count} 个中断任务已标记为失败")
