from django.apps import AppConfig


class ViolationsConfig(AppConfig):
    name = "skillcert.violations"
    label = "violations"
    verbose_name = "违纪违规处理"
