from django.apps import AppConfig


class ItembankConfig(AppConfig):
    name = "skillcert.itembank"
    verbose_name = "题库与组卷"
