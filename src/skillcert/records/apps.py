from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "skillcert.records"
    label = "records"
    verbose_name = "考务记录与档案"

    def ready(self) -> None:
        # Answers to the lower apps' questions (core.hooks) and the built-in archive sources.
        from skillcert.certificates import hooks as certificate_hooks
        from skillcert.scoring import hooks as scoring_hooks

        from .archives import builtin, parts  # noqa: F401 (register the sources)
        from .equipment.selectors import practical_refusal
        from .handover.selectors import void_notice_on

        scoring_hooks.practical_refusal.answer(practical_refusal)
        certificate_hooks.void_notice_on.answer(void_notice_on)
        # EXAM-12: itembank asks whether a person signed their pledge (itembank.hooks).
        # REC-10: violations asks which room record a violation was written on.
        from skillcert.itembank import hooks as itembank_hooks
        from skillcert.violations import hooks as violations_hooks

        from .papers.selectors import pledge_missing
        from .room.selectors import room_record_link

        itembank_hooks.pledge_missing.answer(pledge_missing)
        violations_hooks.room_record_of.answer(room_record_link)
