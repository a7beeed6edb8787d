"""The JSON API (django-ninja); OpenAPI at /api/openapi.json, docs at /api/docs."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from skillcert.core.errors import DomainError
from skillcert.core.rule_views import router as rules_router

api = NinjaAPI(
    title="skillcert API", version="1", auth=django_auth, urls_namespace="api", docs_url="/docs"
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.as_dict()}, status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request, {"detail": {"code": "not_found", "message": "未找到"}}, status=404
    )


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(
        request,
        {"detail": {"code": "forbidden", "message": "您在本机构没有该操作的权限"}},
        status=403,
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": {"code": "unauthenticated", "message": "请先登录"}}, status=401
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # django-ninja's own message for a body it cannot parse is English; users get Chinese.
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        detail = {"code": "body_unparsable", "message": "请求内容不是有效的JSON"}
        return api.create_response(request, {"detail": detail}, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    return api.create_response(
        request,
        {"detail": {"code": "invalid", "message": "请求数据不正确", "errors": exc.errors}},
        status=422,
    )


def _mount():
    # Each app keeps its own router in <app>/api.py; they are mounted here in one place.
    from skillcert.arrangement.api import router as arrangement
    from skillcert.certificates.api import router as certificates
    from skillcert.exams.api import router as exams
    from skillcert.institutions.api import router as institutions
    from skillcert.itembank.api import router as itembank
    from skillcert.panels.api import router as panels
    from skillcert.people.api import router as people
    from skillcert.plans.api import router as plans
    from skillcert.plans.plan_api import router as plan_router
    from skillcert.plans.registration_api import router as registration
    from skillcert.scoring.api import router as scoring
    from skillcert.violations.api import router as violations

    api.add_router("/", institutions)
    api.add_router("/", plans)
    api.add_router("/", plan_router)
    api.add_router("/", registration)
    api.add_router("/", scoring)
    api.add_router("/", certificates)
    api.add_router("/", arrangement)
    api.add_router("/", exams)
    api.add_router("/", panels)
    api.add_router("/", people)
    api.add_router("/", violations)
    api.add_router("/", itembank)
    api.add_router("/", rules_router)


_mount()
