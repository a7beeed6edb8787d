"""The JSON API (django-ninja); OpenAPI at /api/openapi.json, docs at /api/docs."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from skillcert.core.errors import DomainError
from skillcert.core.rule_views import router as rules_router

api = NinjaAPI(
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
# handlers below are the only places error bodies are made (django-ninja's own are English).
HTTP_ERRORS = {
    400: ("bad_request", "请求不正确"),
    401: ("unauthenticated", "请先登录"),
    403: ("forbidden", "您在本机构没有该操作的权限"),
    404: ("not_found", "未找到"),
    405: ("method_not_allowed", "不支持该请求方法"),
    413: ("too_large", "请求内容过大"),
    429: ("rate_limited", "请求过于频繁，请稍后再试"),
}
BODY_UNPARSABLE = ("body_unparsable", "请求内容不是有效的JSON")
MULTIPART_UNPARSABLE = ("body_unparsable", "上传内容无法解析（multipart 格式不正确）")
CSRF_FAILED = ("csrf_failed", "安全校验未通过（CSRF），请刷新页面后重试")


def error_response(request, status: int, code: str, message: str, **extra):
    return api.create_response(
        request, {"detail": {"code": code, "message": message, **extra}}, status=status
    )


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.as_dict()}, status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return error_response(request, 404, *HTTP_ERRORS[404])


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return error_response(request, 403, *HTTP_ERRORS[403])


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return error_response(request, 401, *HTTP_ERRORS[401])


@api.exception_handler(MultiPartParserError)
def multipart_unparsable(request, exc):
    # A multipart body without (or with a broken) boundary: Django raises this while the
    # CSRF check or the File parameter reads request.POST; it is the client's error.
    return error_response(request, 400, *MULTIPART_UNPARSABLE)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    message = str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        return error_response(request, 400, *BODY_UNPARSABLE)
    if exc.status_code == 403 and message.startswith("CSRF"):
        return error_response(request, 403, *CSRF_FAILED)
    code, default = HTTP_ERRORS.get(exc.status_code, ("error", "请求失败"))
    # Our own HttpErrors carry Chinese text; django-ninja's carry English, replaced here.
    return error_response(request, exc.status_code, code, message if _chinese(message) else default)


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    # An id in the path that no database row can have (0, negative, beyond MAX_ID) names
    # nothing: 404 like any other missing record, not a 422 about the URL.
    if exc.errors and all(e.get("loc", ("",))[0] == "path" for e in exc.errors):
        return error_response(request, 404, *HTTP_ERRORS[404])
    return error_response(request, 422, "invalid", "请求数据不正确", errors=exc.errors)


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
    api.add_router("/", rules_router)


_mount()
