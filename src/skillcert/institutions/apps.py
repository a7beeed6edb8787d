from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "skillcert.institutions"
    label = "institutions"
    verbose_name = "评价机构"

    def ready(self):
        # The catalogue warns when it deactivates occupations an institution's scope names.
        from skillcert.catalog import hooks

        from .selectors import occupation_codes_in_scope

        hooks.codes_in_scope.answer(occupation_codes_in_scope)
