from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "skillcert.panels"
    label = "panels"
    verbose_name = "技能考核评分（考评组）"

    def ready(self):
        # SCORE-03/05: scoring asks whether, and what, a panel scored (scoring.hooks).
        from skillcert.scoring import hooks

        from . import selectors

        hooks.signed_practicals.answer(selectors.signed_practicals)
        hooks.panel_scored.answer(selectors.panel_scored)
        hooks.summary_signed_since.answer(selectors.summary_signed_since)
