"""The JSON API (django-ninja); OpenAPI at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI, Swagger
from ninja.security import django_auth

from skillcert.core.api_errors import install
from skillcert.core.rule_views import router as rules_router


class SkillcertAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """`<package>_<function>`, where an API split into a package (people/api/,
        filings/api/) still counts as its package: splitting a module keeps the operation ids
        that generated clients call."""
        module = operation.view_func.__module__.split(".")
        if len(module) > 1 and module[-2] == "api":
            module = module[:-1]
        return "_".join([*module, operation.view_func.__name__])


api = SkillcertAPI(
    title="skillcert API",
    version="1",
    auth=django_auth,
    urls_namespace="api",
    docs_url="/docs",
    # Swagger UI from django-ninja's static files ("ninja" is an installed app), and no badge
    # fetched from validator.swagger.io: the docs work offline and under the CSP.
    docs=Swagger(settings={"validatorUrl": None}),
)


# Every API error answers one shape, {"detail": {"code", "message"}}, in Chinese: the
# bodies are made in one place, core.api_errors.
install(api)


def _mount():
    # Each app keeps its own router in <app>/api.py; they are mounted here in one place.
    from skillcert.arrangement.api import router as arrangement
    from skillcert.certificates.api import router as certificates
    from skillcert.exams.api import router as exams
    from skillcert.filings.api import router as filings
    from skillcert.institutions.api import router as institutions
    from skillcert.itembank.api import router as itembank
    from skillcert.panels.api import router as panels
    from skillcert.people.api import router as people
    from skillcert.plans.api import router as plans
    from skillcert.records.api import router as records
    from skillcert.reports.api import router as reports
    from skillcert.scoring.api import router as scoring
    from skillcert.supervision.api import router as supervision
    from skillcert.violations.api import router as violations

    api.add_router("/", institutions)
    api.add_router("/", plans)
    api.add_router("/", scoring)
    api.add_router("/", certificates)
    api.add_router("/", arrangement)
    api.add_router("/", exams)
    api.add_router("/", panels)
    api.add_router("/", people)
    api.add_router("/", violations)
    api.add_router("/", itembank)
    api.add_router("/", filings)
    api.add_router("/", supervision)
    api.add_router("/", records)
    api.add_router("/", reports)
    api.add_router("/", rules_router)


_mount()
