from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "skillcert.scoring"
    label = "scoring"
    verbose_name = "成绩"

    def ready(self):
        from skillcert.plans import hooks as plans_hooks

        from .selectors import sitting_summary

        plans_hooks.sitting_summary.answer(sitting_summary)
