from django.apps import AppConfig


class ViolationsConfig(AppConfig):
    name = "skillcert.violations"
    label = "violations"
    verbose_name = "违纪违规处理"

    def ready(self):
        # CERT-08: every certificate void yields its data-correction notice (see corrections).
        from skillcert.certificates.signals import certificate_voided

        from .corrections import notice_certificate_void

        certificate_voided.connect(notice_certificate_void, dispatch_uid="cert08_correction")
