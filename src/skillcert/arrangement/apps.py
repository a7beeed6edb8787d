from django.apps import AppConfig


class ArrangementConfig(AppConfig):
    name = "skillcert.arrangement"
    label = "arrangement"
    verbose_name = "考场编排与人员安排"

    def ready(self):
        # PEOPLE-06 is built from the per-sitting ratings (PEOPLE-11) arrangement keeps.
        from skillcert.people import hooks

        from .ratings import selectors

        hooks.served_sittings.answer(selectors.served_sittings)
