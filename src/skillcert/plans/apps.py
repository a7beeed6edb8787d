from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "skillcert.plans"
    label = "plans"
    verbose_name = "认定计划与报名"
