from django.apps import AppConfig


class FilingsConfig(AppConfig):
    name = "skillcert.filings"
    label = "filings"
    verbose_name = "机构备案"
