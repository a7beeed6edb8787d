"""JSON API of registration review (PLAN-08): the queue of a sitting and bulk decisions."""

from datetime import datetime
from typing import Literal

from ninja import Field, Router, Schema

from skillcert.core.api_types import DbId
from skillcert.institutions.guards import institution_api

from ..models import Registration
from ..web import sitting_get
from .selectors import registrations_by_status
from .services import registrations_decide

router = Router(tags=["报名审核 registration review"])

StatusName = Literal["", "pending", "approved", "rejected", "cancelled"]


class RegistrationOut(Schema):
    id: int
    sitting_id: int
    name: str
    id_masked: str  # never the clear number
    school_level: str
    graduating_year: int | None
    onex_level: str
    staff_title: str
    title_years: int | None
    status: str
    status_label: str
    decision_reason: str
    created_at: datetime
    decided_at: datetime | None


class DecisionIn(Schema):
    ids: list[DbId] = Field(min_length=1, max_length=1000)
    decision: Literal["approve", "reject"]
    reason: str = Field(default="", max_length=200)


def _out(r: Registration) -> RegistrationOut:
    return RegistrationOut(
        id=r.pk,
        sitting_id=r.sitting_id,
        name=r.person.name,
        id_masked=r.person.id_masked,
        school_level=r.school_level,
        graduating_year=r.graduating_year,
        onex_level=r.onex_level,
        staff_title=r.staff_title,
        title_years=r.title_years,
        status=r.status,
        status_label=r.get_status_display(),
        decision_reason=r.decision_reason,
        created_at=r.created_at,
        decided_at=r.decided_at,
    )


@router.get("/institutions/{iid}/sittings/{sid}/registrations", response=list[RegistrationOut])
def registrations_list(request, iid: DbId, sid: DbId, status: StatusName = ""):
    """Registrations of a sitting, optionally by status (e.g. ?status=pending)."""
    sitting = sitting_get(institution_api(request, iid), sid)
    return [_out(r) for r in registrations_by_status(sitting, status)[:5000]]


@router.post("/institutions/{iid}/registrations/decisions", response=list[RegistrationOut])
def registrations_decisions(request, iid: DbId, payload: DecisionIn):
    """PLAN-08: approve or reject pending registrations; a rejection needs a reason (400)."""
    institution = institution_api(request, iid, manage=True)
    regs = registrations_decide(
        actor=request.user,
        institution=institution,
        registration_ids=payload.ids,
        approve=payload.decision == "approve",
        reason=payload.reason,
    )
    return [_out(r) for r in regs]
