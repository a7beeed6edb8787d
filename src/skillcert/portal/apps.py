from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "skillcert.portal"
    label = "portal"
    verbose_name = "门户"
