"""JSON API of complaints (REC-04). Evidence files are uploaded on the page; the person
complained about is refused at every step (400, REC-04)."""

from datetime import date

from ninja import Field, Router, Schema, Status

from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.errors import DomainError
from skillcert.core.web import found_or_404
from skillcert.institutions.guards import institution_api
from skillcert.plans.web import sitting_get

from ..models.complaints import Complaint
from ..texts import TEXT_MAX
from . import selectors, services
from .notices import deadlines

router = Router(tags=["考生投诉 complaints"])


class DeadlineOut(Schema):
    label: str
    due: date
    done_on: date | None
    state: str
    state_label: str


class NoticeOut(Schema):
    id: int
    kind: str
    issued_on: date
    text: str


class ComplaintOut(Schema):
    id: int
    sitting_id: int | None
    name: str
    unit: str
    contact: str
    content: str
    received_on: date
    accused_ids: list[int]
    status: str
    accept_due: date
    decision_due: date
    extended: bool
    decision: str
    deadlines: list[DeadlineOut]
    notices: list[NoticeOut]


class ComplaintIn(Schema):
    name: str = Field(max_length=50, pattern=NO_NUL)
    unit: str = Field("", max_length=100, pattern=NO_NUL)
    contact: str = Field(max_length=100, pattern=NO_NUL)
    content: str = Field(max_length=TEXT_MAX, pattern=NO_NUL)
    received_on: date | None = None
    sitting_id: DbId | None = None
    accused_ids: list[DbId] = Field(default_factory=list, max_length=20)


class AcceptIn(Schema):
    investigate: bool
    reason: str = Field(max_length=TEXT_MAX, pattern=NO_NUL)
    on: date | None = None
    notice: str = Field("", max_length=TEXT_MAX, pattern=NO_NUL)


class ExtendIn(Schema):
    workdays: int = Field(ge=1, le=99)
    reason: str = Field(max_length=TEXT_MAX, pattern=NO_NUL)
    on: date | None = None
    notice: str = Field("", max_length=TEXT_MAX, pattern=NO_NUL)


class DecideIn(Schema):
    decision: str = Field(max_length=TEXT_MAX, pattern=NO_NUL)
    on: date | None = None
    notice: str = Field("", max_length=TEXT_MAX, pattern=NO_NUL)


def _out(c: Complaint) -> ComplaintOut:
    return ComplaintOut(
        id=c.pk,
        sitting_id=c.sitting_id,
        name=c.name,
        unit=c.unit,
        contact=c.contact,
        content=c.content,
        received_on=c.received_on,
        accused_ids=[p.pk for p in c.accused.all()],
        status=c.status,
        accept_due=c.accept_due,
        decision_due=c.decision_due,
        extended=c.extended,
        decision=c.decision,
        deadlines=[
            DeadlineOut(
                label=d.label,
                due=d.due,
                done_on=d.done_on,
                state=d.state,
                state_label=d.state_label,
            )
            for d in deadlines(c)
        ],
        notices=[
            NoticeOut(id=n.pk, kind=n.kind, issued_on=n.issued_on, text=n.text)
            for n in c.notices.all()
        ],
    )


def _complaint(institution, cid) -> Complaint:
    found = selectors.complaint_find(institution=institution, complaint_id=cid)
    return found_or_404(found, "未找到该投诉")


@router.get("/institutions/{iid}/complaints", response=list[ComplaintOut])
def complaints_list(request, iid: DbId):
    institution = institution_api(request, iid)
    rows = selectors.complaints_of(institution=institution).prefetch_related("accused", "notices")
    return [_out(c) for c in rows[:500]]


@router.post("/institutions/{iid}/complaints", response={201: ComplaintOut})
def complaint_create(request, iid: DbId, payload: ComplaintIn):
    """REC-04: register a complaint; its deadlines (3 and 7 working days) are fixed now."""
    institution = institution_api(request, iid, manage=True)
    sitting = sitting_get(institution, payload.sitting_id) if payload.sitting_id else None
    people = list(
        selectors.staff_people(institution=institution).filter(pk__in=payload.accused_ids)
    )
    if len(people) != len(set(payload.accused_ids)):
        raise DomainError("accused", "被投诉人员须为本机构人员", field="accused")
    c = services.complaint_register(
        actor=request.user,
        institution=institution,
        sitting=sitting,
        accused=people,
        **payload.dict(exclude={"sitting_id", "accused_ids"}),
    )
    return Status(201, _out(_complaint(institution, c.pk)))


@router.get("/institutions/{iid}/complaints/{cid}", response=ComplaintOut)
def complaint_read(request, iid: DbId, cid: DbId):
    return _out(_complaint(institution_api(request, iid), cid))


@router.post("/institutions/{iid}/complaints/{cid}/acceptance", response=ComplaintOut)
def complaint_accept(request, iid: DbId, cid: DbId, payload: AcceptIn):
    """REC-04: decide whether to investigate, with a written notice to the complainant."""
    institution = institution_api(request, iid, manage=True)
    services.complaint_accept(
        actor=request.user, complaint=_complaint(institution, cid), **payload.dict()
    )
    return _out(_complaint(institution, cid))


@router.post("/institutions/{iid}/complaints/{cid}/extension", response=ComplaintOut)
def complaint_extend(request, iid: DbId, cid: DbId, payload: ExtendIn):
    """REC-04: extend the decision deadline (working days), with a notice."""
    institution = institution_api(request, iid, manage=True)
    services.complaint_extend(
        actor=request.user, complaint=_complaint(institution, cid), **payload.dict()
    )
    return _out(_complaint(institution, cid))


@router.post("/institutions/{iid}/complaints/{cid}/decision", response=ComplaintOut)
def complaint_decide(request, iid: DbId, cid: DbId, payload: DecideIn):
    """REC-04: the decision, with a written notice."""
    institution = institution_api(request, iid, manage=True)
    services.complaint_decide(
        actor=request.user, complaint=_complaint(institution, cid), **payload.dict()
    )
    return _out(_complaint(institution, cid))


@router.post("/institutions/{iid}/complaints/{cid}/archive", response=ComplaintOut)
def complaint_archive(request, iid: DbId, cid: DbId):
    """REC-04: archive a decided or declined complaint."""
    institution = institution_api(request, iid, manage=True)
    services.complaint_archive(actor=request.user, complaint=_complaint(institution, cid))
    return _out(_complaint(institution, cid))
