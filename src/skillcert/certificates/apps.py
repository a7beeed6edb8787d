from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "skillcert.certificates"
    label = "certificates"
    verbose_name = "证书"

    def ready(self):
        from skillcert.plans import hooks as plans_hooks

        from .selectors import certificate_holders

        plans_hooks.certificate_holders.answer(certificate_holders)
