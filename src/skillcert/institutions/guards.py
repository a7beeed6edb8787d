"""The one institution guard of pages and the API (tenancy, house rule).

The rule, in one place: a user may open an institution he is a member of, or, as authority
staff, one in his region (`selectors.institutions_for_user`); anyone else gets 404, never
told whether it exists. Managing (机构负责人, 考务) and entering scores (those and 考评员)
need the role; other members and authority staff only read, and a write is 403.

`institution_guard` raises the domain refusals (core.errors NotFound/Forbidden); the
flavours give their edge what it answers: `institution_for` (pages, in `web.py`) lets them
through (they are Http404/PermissionDenied), `institution_api` raises the API's HttpError,
answered in the one error body (core.api_errors)."""

from skillcert.core.api_errors import as_api_error
from skillcert.core.errors import Forbidden, NotFound, Refusal

from .models import Institution
from .selectors import can_manage, can_score, institution_visible

MANAGE_REFUSED = "无权操作：需要机构负责人或考务人员角色"
SCORE_REFUSED = "无权操作：需要机构负责人、考务人员或考评员角色"


def institution_guard(user, iid, *, manage: bool = False, score: bool = False) -> Institution:
    institution = institution_visible(user=user, institution_id=iid)
    if institution is None:
        raise NotFound("未找到该机构")
    if manage and not can_manage(user, institution):
        raise Forbidden(MANAGE_REFUSED)
    if score and not can_score(user, institution):
        raise Forbidden(SCORE_REFUSED)
    return institution


def institution_api(request, iid, *, manage: bool = False, score: bool = False) -> Institution:
    """The API flavour: outsiders 404, readers 403 on writes, in the API's error body."""
    try:
        return institution_guard(request.user, iid, manage=manage, score=score)
    except Refusal as exc:
        raise as_api_error(exc) from None
