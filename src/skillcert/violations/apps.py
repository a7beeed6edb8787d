from django.apps import AppConfig


class ViolationsConfig(AppConfig):
    name = "skillcert.violations"
    label = "violations"
    verbose_name = "违纪违规处理"

    def ready(self):
        # CERT-08: every certificate void yields its data-correction notice (see corrections).
        from skillcert.certificates.signals import certificate_voided
        from skillcert.scoring import hooks

        from .corrections import notice_certificate_void
        from .selectors import sanctioned_subjects

        certificate_voided.connect(notice_certificate_void, dispatch_uid="cert08_correction")
        # VIOL-01..04: scoring and panels do not re-score a subject a violation decided.
        hooks.sanctioned_subjects.answer(sanctioned_subjects)
