from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "skillcert.catalog"
    label = "catalog"
    verbose_name = "职业目录"
