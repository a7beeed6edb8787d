"""The one error body of the JSON API: `{"detail": {"code", "message", ...}}`, in Chinese.

Operations do not build error bodies: they raise, and the handlers `install`ed here on the
API are the only place a body is made (django-ninja's own are English). Refusals raise
`core.errors.NotFound` / `Forbidden` (the institution guard `institutions.guards` does), a
broken rule a `DomainError` (400); Django's Http404/PermissionDenied, ninja's HttpError and
validation errors still arriving from below get the same shape. `ErrorOut` documents it in
the OpenAPI for operations that declare their 4xx answers."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.views import defaults
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .errors import DomainError, Forbidden, NotFound, Refusal

HTTP_ERRORS = {
    400: ("bad_request", "请求不正确"),
    401: ("unauthenticated", "请先登录"),
    403: (Forbidden.code, Forbidden.default),
    404: (NotFound.code, NotFound.default),
    405: ("method_not_allowed", "不支持该请求方法"),
    413: ("too_large", "请求内容过大"),
    429: ("rate_limited", "请求过于频繁，请稍后再试"),
}
BODY_UNPARSABLE = ("body_unparsable", "请求内容不是有效的JSON")
MULTIPART_UNPARSABLE = ("body_unparsable", "上传内容无法解析（multipart 格式不正确）")
NUL_TEXT = ("nul_character", "输入中含有空字符（NUL，\\u0000），请删除后重试")
CSRF_FAILED = ("csrf_failed", "安全校验未通过（CSRF），请刷新页面后重试")


class ErrorDetail(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    detail: ErrorDetail


def error_body(code: str, message: str, **extra) -> dict:
    return {"detail": {"code": code, "message": message, **extra}}


def page_not_found(request, exception):
    """The site's handler404: an address under /api/ that names no operation answers the
    one body too (Django's HTML page otherwise, as before)."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(error_body(*HTTP_ERRORS[404]), status=404)
    return defaults.page_not_found(request, exception)


def as_api_error(exc: Refusal) -> HttpError:
    """A domain refusal as the API's own error: ninja's HttpError with the status and the
    Chinese message, which `install`'s handler answers in the one body (and which a router
    tried alone with ninja's TestClient still answers with its status)."""
    return HttpError(exc.status, exc.message)


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def install(api: NinjaAPI) -> None:
    """Register the handlers that make every error body of `api`."""

    def answer(request, status: int, code: str, message: str, **extra):
        return api.create_response(request, error_body(code, message, **extra), status=status)

    def standard(request, status: int):
        return answer(request, status, *HTTP_ERRORS[status])

    @api.exception_handler(Refusal)
    def refusal(request, exc: Refusal):
        return answer(request, exc.status, exc.code, exc.message)

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return api.create_response(request, {"detail": exc.as_dict()}, status=400)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return standard(request, 404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return standard(request, 403)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return standard(request, 401)

    @api.exception_handler(MultiPartParserError)
    def multipart_unparsable(request, exc):
        # A multipart body without (or with a broken) boundary: Django raises this while the
        # CSRF check or the File parameter reads request.POST; it is the client's error.
        return answer(request, 400, *MULTIPART_UNPARSABLE)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        message = str(exc)
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            return answer(request, 400, *BODY_UNPARSABLE)
        if exc.status_code == 403 and message.startswith("CSRF"):
            return answer(request, 403, *CSRF_FAILED)
        code, default = HTTP_ERRORS.get(exc.status_code, ("error", "请求失败"))
        # Our own HttpErrors carry Chinese text; django-ninja's carry English, replaced here.
        return answer(request, exc.status_code, code, message if _chinese(message) else default)

    @api.exception_handler(ValueError)
    def nul_text(request, exc: ValueError):
        # PostgreSQL cannot store U+0000 in text: psycopg refuses the parameter before any
        # row is written. A field without NO_NUL that lets one through is the client's bad
        # input, answered like every other (SQLite would have stored it); any other
        # ValueError is a defect and stays one.
        if "NUL" not in str(exc):
            raise exc
        return answer(request, 400, *NUL_TEXT)

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        # An id in the path that no database row can have (0, negative, beyond MAX_ID) names
        # nothing: 404 like any other missing record, not a 422 about the URL.
        if exc.errors and all(e.get("loc", ("",))[0] == "path" for e in exc.errors):
            return standard(request, 404)
        return answer(request, 422, "invalid", "请求数据不正确", errors=exc.errors)
