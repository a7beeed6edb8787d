"""Domain errors: a stable code (English) and a message for users (Chinese).

Two kinds. A `DomainError` is a broken rule: the edges turn it into a form error, a 400 body
or a CLI message. A `Refusal` is not about the input but about who asks: `NotFound` (the
record does not exist or belongs to another institution: the two are never told apart) and
`Forbidden` (the actor sees it but may not do this). Selectors and guards raise these, never
Django's Http404/PermissionDenied by name. They are those exceptions as well, on purpose:
every edge already answers them (Django's pages 404/403, django-ninja and a router tried
alone with its TestClient, the API's one error body in core.api_errors, which keeps the
message), so no edge needs a translation. A Refusal is not a DomainError, also on purpose:
an `except DomainError` around a form must never turn a 404 into a message on the page."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


class DomainError(Exception):
    """A rule was broken. Edges turn it into a form error, a 4xx body or a CLI message."""

    def __init__(self, code: str, message: str, *, field: str | None = None, rule: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.rule = rule

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "field": self.field, "rule": self.rule}


class Refusal(Exception):
    """The actor may not have this: 404 or 403 at every edge, with `message`."""

    status = 400
    code = "refused"
    default = "请求被拒绝"

    def __init__(self, message: str = ""):
        self.message = message or self.default
        super().__init__(self.message)


class NotFound(Refusal, Http404):
    """Absent, or outside what the actor may see (answered alike: 404)."""

    status = 404
    code = "not_found"
    default = "未找到"


class Forbidden(Refusal, PermissionDenied):
    """Seen, but not the actor's to change (a reader writing; a role missing): 403."""

    status = 403
    code = "forbidden"
    default = "您在本机构没有该操作的权限"
