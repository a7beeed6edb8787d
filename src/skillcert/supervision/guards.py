"""The one guard of the authority's supervision pages and API (/authority/supervision/…,
/api/supervision/…): staff of an authority, else 404 (a non-authority user is never told the
pages exist); rows outside the authority's region are 404 too (the selectors scope them)."""

from skillcert.core.errors import NotFound
from skillcert.institutions.models import Authority

from .selectors import acting_authority

NOT_AUTHORITY = "未找到"


def authority_for(user) -> Authority:
    authority = acting_authority(user)
    if authority is None:
        raise NotFound(NOT_AUTHORITY)
    return authority
