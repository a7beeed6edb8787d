from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "skillcert.reports"
    label = "reports"
    verbose_name = "统计与报告"

    def ready(self) -> None:
        # The per-sitting tallies follow every write to registrations and results (REC-08).
        from . import tally

        tally.connect()
