"""The authority's side of the one guard (INST): staff of a supervising authority see and
decide for the institutions of their region (`Authority.region_prefix`); everyone else gets
404 on an authority page or operation, never told whether it exists. A superuser sees all.

`authority_scope` answers the region prefix ("" for a superuser: every region) or raises
NotFound; `authority_covers` tells whether a user decides for an institution."""

from django.db.models import QuerySet

from skillcert.core.errors import DomainError, NotFound

from .models import Institution
from .selectors import authority_of

NOT_AUTHORITY = "未找到该页面"


def authority_scope(user) -> str:
    """The region prefix the user decides for; NotFound for anyone who is not authority staff."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound(NOT_AUTHORITY)
    if user.is_superuser:
        return ""
    authority = authority_of(user)
    if authority is None:
        raise NotFound(NOT_AUTHORITY)
    return authority.region_prefix


def authority_covers(user, institution: Institution) -> bool:
    """True for staff of an authority whose region covers the institution (or a superuser)."""
    try:
        prefix = authority_scope(user)
    except NotFound:
        return False
    return institution.region_code.startswith(prefix)


def in_region(qs: QuerySet, prefix: str, *, field: str = "institution") -> QuerySet:
    """Rows of `qs` whose institution lies in the region `prefix` ("" keeps them all)."""
    key = f"{field}__region_code__startswith" if field else "region_code__startswith"
    return qs.filter(**{key: prefix}) if prefix else qs


REASONS_MAX = 1000


def authority_check(actor, institution: Institution, *, rule: str) -> None:
    """Refuse (a DomainError with `rule`) an authority decision by anyone but the authority of
    the institution's region: the services of every decision the authority makes ask this."""
    if not authority_covers(actor, institution):
        raise DomainError(
            "not_authority", "仅该机构所在地区的人社部门（鉴定指导中心）可以办理", rule=rule
        )


def decision_reasons(text: str, *, required: bool, rule: str) -> str:
    """The reasons of an authority decision: required to return or refuse, at most 1000."""
    text = (text or "").strip()
    if required and not text:
        raise DomainError(
            "reasons_required", "退回或不予批准须写明理由", field="reasons", rule=rule
        )
    if len(text) > REASONS_MAX:
        raise DomainError("reasons_long", f"意见至多{REASONS_MAX}字", field="reasons", rule=rule)
    return text
