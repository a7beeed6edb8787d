from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "skillcert.institutions"
    label = "institutions"
    verbose_name = "评价机构"
