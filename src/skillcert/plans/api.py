"""JSON API of sittings, and the one router of plans (roster, plan, registration under it);
thin: tenancy, permission, then a service."""

from datetime import date

from ninja import Router, Schema, Status
from pydantic import Field

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.catalog.selectors import job_type_required, occupation_required
from skillcert.core.api_types import NO_NUL, DbId
from skillcert.institutions.guards import institution_api

from .models import Sitting
from .plan.api import router as plan_router
from .registration.api import router as registration_router
from .roster.api import router as roster_router
from .selectors import sittings_of
from .services import sitting_create

router = Router(tags=["认定批次 sittings"])
# One router for plans: the sub-packages' routers hang under it (mounted once in skillcert.api).
router.add_router("", roster_router)
router.add_router("", plan_router)
router.add_router("", registration_router)


class SittingIn(Schema):
    name: str = Field(max_length=100, pattern=NO_NUL)
    occupation_code: str = Field(max_length=12, pattern=NO_NUL)
    job_type: str | None = Field(None, max_length=100, pattern=NO_NUL)
    level: int
    mode: str
    theory_on: date | None = None
    practical_on: date | None = None


class SittingOut(Schema):
    id: int
    name: str
    occupation_code: str
    occupation_name: str
    job_type: str | None
    level: int
    level_label: str
    mode: str
    mode_label: str
    theory_on: date | None
    practical_on: date | None
    status: str


def _sitting_out(s: Sitting) -> SittingOut:
    return SittingOut(
        id=s.pk,
        name=s.name,
        occupation_code=s.occupation.code,
        occupation_name=s.occupation.name,
        job_type=s.job_type.name if s.job_type_id else None,
        level=s.level,
        level_label=LEVEL_LABELS[s.level],
        mode=s.mode,
        mode_label=s.get_mode_display(),
        theory_on=s.theory_on,
        practical_on=s.practical_on,
        status=s.status,
    )


@router.get("/institutions/{iid}/sittings", response=list[SittingOut])
def sittings_list(request, iid: DbId):
    institution = institution_api(request, iid)
    return [_sitting_out(s) for s in sittings_of(institution=institution)]


@router.post("/institutions/{iid}/sittings", response={201: SittingOut})
def sittings_create(request, iid: DbId, payload: SittingIn):
    """A sitting inside the filed scope (PLAN-07); a broken rule answers 400 with its ID."""
    institution = institution_api(request, iid, manage=True)
    occupation = occupation_required(payload.occupation_code, field="occupation_code")
    job_type = job_type_required(occupation, payload.job_type, field="job_type")
    sitting = sitting_create(
        actor=request.user,
        institution=institution,
        name=payload.name,
        occupation=occupation,
        job_type=job_type,
        level=payload.level,
        mode=payload.mode,
        theory_on=payload.theory_on,
        practical_on=payload.practical_on,
    )
    return Status(201, _sitting_out(sitting))
