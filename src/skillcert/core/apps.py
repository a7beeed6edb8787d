from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "skillcert.core"
    label = "core"
    verbose_name = "核心"

    def ready(self):
        from . import tenancy  # models are loaded only now

        tenancy.install()
