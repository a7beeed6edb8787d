from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "skillcert.supervision"
    label = "supervision"
    verbose_name = "监督检查"

    def ready(self):
        from skillcert.arrangement.hooks import external_supervisors

        from .selectors import supervisor_names

        external_supervisors.answer(supervisor_names)
