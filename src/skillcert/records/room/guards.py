"""The one guard of room-record pages and API operations (REC-10), after the institution is
resolved (institution_for / institution_api): the sitting, the record, and who keeps them —
403 (core.errors.Forbidden) for a member who does not, 404 for what is not there."""

from skillcert.core.errors import Forbidden
from skillcert.core.web import found_or_404
from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting
from skillcert.plans.web import sitting_get

from ..models import RoomRecord
from . import selectors


def sitting_kept(user, institution: Institution, sitting_id) -> Sitting:
    sitting = sitting_get(institution, sitting_id)
    if not selectors.can_keep(user, sitting):
        raise Forbidden("您不是本批次的监考员或考务人员")
    return sitting


def record_kept(user, institution: Institution, sitting_id, record_id) -> RoomRecord:
    sitting = sitting_kept(user, institution, sitting_id)
    record = found_or_404(
        selectors.room_record_find(institution=institution, sitting=sitting, record_id=record_id),
        "未找到该考场情况记录表",
    )
    if not selectors.can_keep(user, sitting, record.room):
        raise Forbidden("您不是本考场的监考员")
    return record
