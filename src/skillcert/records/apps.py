from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "skillcert.records"
    label = "records"
    verbose_name = "考务记录与档案"
