from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "skillcert.reports"
    label = "reports"
    verbose_name = "统计与报告"
