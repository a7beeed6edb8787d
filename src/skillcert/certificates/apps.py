from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "skillcert.certificates"
    label = "certificates"
    verbose_name = "证书"

    def ready(self):
        from skillcert.plans import hooks as plans_hooks

        from .selectors import certificate_holders

        plans_hooks.certificate_holders.answer(certificate_holders)
        # SCORE-05 with CERT-04/06: an appeal that changed a score settles the certificate.
        from skillcert.scoring.signals import appeal_decided

        from .appeals import appeal_settle_certificate

        appeal_decided.connect(appeal_settle_certificate, dispatch_uid="score05_certificate")
