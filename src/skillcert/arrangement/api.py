"""JSON API of seating (ARR-01, ARR-02); exam-affairs roles only (ARR-09)."""

from datetime import datetime

from ninja import Field, Router, Schema, Status

from skillcert.core.api_types import DbId
from skillcert.core.errors import NotFound
from skillcert.core.web import found_or_404
from skillcert.institutions.guards import institution_api
from skillcert.plans.web import sitting_get

from .implementation.api import router as implementation_router
from .ratings.api import router as ratings_router
from .selectors import arrangement_of, rooms_by_ids, seats_of
from .services import seating_arrange
from .staffing.selectors import assignments_of, staffing_of
from .staffing.services import staffing_plan_create
from .tickets import TICKET_RULE

router = Router(tags=["考场编排 arrangement"])
router.add_router("/", implementation_router)  # INST-13, PLAN-11, INST-16
router.add_router("/", ratings_router)  # PEOPLE-11


class SeatingIn(Schema):
    room_ids: list[DbId] = Field(min_length=1, max_length=1000)
    seed: int | None = Field(None, ge=0, le=2**62)


class SeatOut(Schema):
    registration_id: int
    name: str
    id_masked: str
    class_name: str
    room_number: int
    room_name: str
    seat_no: int
    row: int
    col: int
    ticket_number: str


class SeatingOut(Schema):
    sitting_id: int
    seed: int
    candidates: int
    adjacent_classmates: int
    ticket_rule: str
    created_at: datetime
    seats: list[SeatOut]


def _out(arrangement) -> SeatingOut:
    return SeatingOut(
        sitting_id=arrangement.sitting_id,
        seed=arrangement.seed,
        candidates=arrangement.candidates,
        adjacent_classmates=arrangement.adjacent_classmates,
        ticket_rule=TICKET_RULE,
        created_at=arrangement.created_at,
        seats=[
            SeatOut(
                registration_id=s.registration_id,
                name=s.registration.person.name,
                id_masked=s.registration.person.id_masked,
                class_name=s.registration.class_name,
                room_number=s.room.number,
                room_name=s.room.name,
                seat_no=s.seat_no,
                row=s.row,
                col=s.col,
                ticket_number=s.ticket_number,
            )
            for s in seats_of(arrangement)
        ],
    )


@router.post("/institutions/{iid}/sittings/{sid}/seating", response={201: SeatingOut})
def seating_create(request, iid: DbId, sid: DbId, payload: SeatingIn):
    """Arrange (or re-arrange) the seats and number the tickets; a broken rule answers 400."""
    institution = institution_api(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    rooms = found_or_404(
        rooms_by_ids(institution=institution, ids=payload.room_ids), "未找到该考场"
    )
    arrangement = seating_arrange(
        actor=request.user, sitting=sitting, rooms=rooms, seed=payload.seed
    )
    return Status(201, _out(arrangement))


@router.get("/institutions/{iid}/sittings/{sid}/seating", response=SeatingOut)
def seating_get(request, iid: DbId, sid: DbId):
    institution = institution_api(request, iid, manage=True)
    arrangement = arrangement_of(sitting_get(institution, sid))
    if arrangement is None:
        raise NotFound("本批次尚未编排座位")
    return _out(arrangement)


# --- staffing of a sitting (ARR-03..09): exam-affairs roles only -----------------------------


class StaffingIn(Schema):
    seed: int | None = Field(None, ge=0, le=2**62)


class StaffAssignmentOut(Schema):
    id: int
    person_id: int
    name: str
    role: str
    role_name: str
    room_number: int | None
    occupation_code: str | None
    level: int | None
    leader: bool


class StaffingOut(Schema):
    sitting_id: int
    seed: int
    proven_optimal: bool
    created_at: datetime
    assignments: list[StaffAssignmentOut]


def _staffing_out(plan) -> StaffingOut:
    return StaffingOut(
        sitting_id=plan.sitting_id,
        seed=plan.seed,
        proven_optimal=plan.proven_optimal,
        created_at=plan.created_at,
        assignments=[
            StaffAssignmentOut(
                id=a.pk,
                person_id=a.person_id,
                name=a.person.name,
                role=a.role,
                role_name=a.get_role_display(),
                room_number=a.room.number if a.room_id else None,
                occupation_code=a.occupation.code if a.occupation_id else None,
                level=a.level,
                leader=a.leader,
            )
            for a in assignments_of(plan=plan)
        ],
    )


@router.post("/institutions/{iid}/sittings/{sid}/staffing", response={201: StaffingOut})
def staffing_create(request, iid: DbId, sid: DbId, payload: StaffingIn):
    """Generate (or regenerate) the staffing plan; a rule no plan can meet answers 400 with
    the rule and the people (ARR-03..08)."""
    institution = institution_api(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    plan = staffing_plan_create(actor=request.user, sitting=sitting, seed=payload.seed)
    return Status(201, _staffing_out(plan))


@router.get("/institutions/{iid}/sittings/{sid}/staffing", response=StaffingOut)
def staffing_get(request, iid: DbId, sid: DbId):
    """ARR-09: the whole plan names the examiners; exam-affairs staff only."""
    institution = institution_api(request, iid, manage=True)
    plan = staffing_of(sitting=sitting_get(institution, sid))
    if plan is None:
        raise NotFound("本批次尚未安排人员")
    return _staffing_out(plan)
