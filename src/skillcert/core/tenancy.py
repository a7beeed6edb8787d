"""The tenancy safety net beside the selectors (issue 10 item 7).

Selectors filter by the acting user's institution; this net catches the filter someone
forgot. While a page or API request runs, the institutions it resolved (`/i/<iid>/` in
InstitutionPagesMiddleware, every `institution_get_for_user` in the API) are its scope, and
no row of an institution-owned model from another institution may be loaded: every row is
checked as it is built from the database (post_init: querysets, `get`, related managers,
select_related and prefetch alike), by comparing its `institution_id`, so no query changes.

Institution-owned means: a model with a concrete `institution` foreign key to
institutions.Institution (the house rule: every institution-owned row has one). `owned_models()`
lists them; the few rows reached only through another row (a registration's answers) are
covered by their parent being checked when it is loaded.

A leak raises TenancyLeakError in strict mode (settings.TENANCY_STRICT, on with debug and in the
tests, so a leak fails a test) and answers 404 in production (TenancyLeak is an Http404),
logged as an error. Reads that are national by rule name the rule: `across_institutions("ARR-06")`
as a decorator or a `with` block.

As pretix's django-scopes (a context variable, `scopes_disabled`) and NetBox's
RestrictedQuerySet (a queryset that refuses to be evaluated unrestricted) do, with the check on
the rows rather than the query, so services need no change.
"""

import logging
from collections.abc import Iterator
from contextlib import ContextDecorator, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.signals import post_init
from django.http import Http404

OWNER = "institutions.institution"  # the tenant model (a label: core imports no higher app)

log = logging.getLogger(__name__)


class TenancyLeakError(RuntimeError):
    """A request loaded a row of an institution it did not resolve (strict mode)."""


class TenancyLeak(Http404):
    """The same, in production: the user gets 404, the log gets the details."""


@dataclass
class Scope:
    institutions: set[int] = field(default_factory=set)
    national: list[str] = field(default_factory=list)  # the rules of open escape hatches


_scope: ContextVar[Scope | None] = ContextVar("skillcert_tenancy_scope", default=None)


@contextmanager
def request_scope() -> Iterator[Scope]:
    """Around one request: starts with nothing resolved (nothing checked until then)."""
    token = _scope.set(Scope())
    try:
        yield _scope.get()
    finally:
        _scope.reset(token)


def resolved(institution_id: int) -> None:
    """The request resolved this institution for its user (a no-op outside a request)."""
    scope = _scope.get()
    if scope is not None:
        scope.institutions.add(int(institution_id))


class across_institutions(ContextDecorator):  # noqa: N801 (reads as a rule, like atomic)
    """A read that is national by rule (PEOPLE-06 dismissals, ARR-06 streaks): rows of
    any institution may load inside it. Name the rule; keep it to the read that needs it."""

    def __init__(self, rule: str):
        if not rule.strip():
            raise ValueError("across_institutions needs the rule that makes the read national")
        self.rule = rule

    def __enter__(self):
        scope = _scope.get()
        if scope is not None:
            scope.national.append(self.rule)
        return self

    def __exit__(self, *exc):
        scope = _scope.get()
        if scope is not None and scope.national:
            scope.national.pop()
        return False


def owned_models() -> list[type[models.Model]]:
    """Every institution-owned model: a concrete `institution` FK to the tenant."""
    found = []
    for model in apps.get_models():
        try:
            fk = model._meta.get_field("institution")
        except Exception:  # noqa: BLE001 (FieldDoesNotExist)
            continue
        if fk.many_to_one and fk.concrete and fk.related_model._meta.label_lower == OWNER:
            found.append(model)
    return found


def _check(sender, instance, **kwargs) -> None:
    scope = _scope.get()
    if scope is None or not scope.institutions or scope.national:
        return
    iid = instance.__dict__.get("institution_id")  # deferred: not loaded, not checked
    if iid is None or iid in scope.institutions:
        return
    detail = (
        f"{sender._meta.label} #{instance.pk} belongs to institution {iid}, but this request "
        f"resolved only {sorted(scope.institutions)}: filter by the resolved institution, or "
        "mark a read that is national by rule with core.tenancy.across_institutions(rule)"
    )
    if getattr(settings, "TENANCY_STRICT", False):
        raise TenancyLeakError(detail)
    log.error("tenancy leak: %s", detail)
    raise TenancyLeak("未找到该记录")


def install() -> None:
    """Connect the check to every institution-owned model (CoreConfig.ready)."""
    for model in owned_models():
        post_init.connect(_check, sender=model, dispatch_uid=f"tenancy:{model._meta.label}")
