"""JSON API of incidents (REC-05). Outsiders 404, readers 403 on writes, a broken rule 400."""

from datetime import datetime

from ninja import Field, Router, Schema, Status

from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.errors import DomainError
from skillcert.core.web import found_or_404
from skillcert.institutions.guards import institution_api
from skillcert.plans.web import sitting_get

from ..models.incidents import Incident
from ..texts import TEXT_MAX
from ..video.selectors import room_find
from . import selectors, services

router = Router(tags=["突发事件 incidents"])


class IncidentStageOut(Schema):
    at: datetime
    text: str


class IncidentOut(Schema):
    id: int
    sitting_id: int
    room_id: int | None
    exam_form: str
    category: str
    category_label: str
    severity: str
    source: str
    occurred_at: datetime
    discovered_at: datetime
    reported_at: datetime
    report_minutes: int
    report_late: bool
    description: str
    status: str
    cause: str
    handling: str
    result: str
    impact: str
    stages: list[IncidentStageOut]


class IncidentIn(Schema):
    category: str = Field(max_length=16, pattern=NO_NUL)
    exam_form: str = Field(max_length=10, pattern=NO_NUL)
    room_id: DbId | None = None
    occurred_at: datetime
    discovered_at: datetime | None = None
    description: str = Field(max_length=TEXT_MAX, pattern=NO_NUL)


class IncidentStageIn(Schema):
    text: str = Field(max_length=TEXT_MAX, pattern=NO_NUL)


class IncidentCloseIn(Schema):
    cause: str = Field(max_length=TEXT_MAX, pattern=NO_NUL)
    handling: str = Field(max_length=TEXT_MAX, pattern=NO_NUL)
    result: str = Field(max_length=TEXT_MAX, pattern=NO_NUL)
    impact: str = Field(max_length=TEXT_MAX, pattern=NO_NUL)


def incident_out(i: Incident) -> IncidentOut:
    return IncidentOut(
        id=i.pk,
        sitting_id=i.sitting_id,
        room_id=i.room_id,
        exam_form=i.exam_form,
        category=i.category,
        category_label=i.get_category_display(),
        severity=i.severity,
        source=i.source,
        occurred_at=i.occurred_at,
        discovered_at=i.discovered_at,
        reported_at=i.reported_at,
        report_minutes=i.report_minutes,
        report_late=i.report_late,
        description=i.description,
        status=i.status,
        cause=i.cause,
        handling=i.handling,
        result=i.result,
        impact=i.impact,
        stages=[IncidentStageOut(at=s.at, text=s.text) for s in i.stages.all()],
    )


def _incident(institution, nid) -> Incident:
    found = selectors.incident_find(institution=institution, incident_id=nid)
    return found_or_404(found, "未找到该事件")


@router.get("/institutions/{iid}/sittings/{sid}/incidents", response=list[IncidentOut])
def incidents_list(request, iid: DbId, sid: DbId):
    institution = institution_api(request, iid)
    sitting = sitting_get(institution, sid)
    rows = selectors.incidents_of_sitting(sitting=sitting).prefetch_related("stages")[:1000]
    return [incident_out(i) for i in rows]


@router.post("/institutions/{iid}/sittings/{sid}/incidents", response={201: IncidentOut})
def incident_create(request, iid: DbId, sid: DbId, payload: IncidentIn):
    """REC-05: the first report; a report later than 10 minutes after discovery is kept and
    marked `report_late`."""
    institution = institution_api(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    room = None
    if payload.room_id is not None:
        room = room_find(institution=institution, room_id=payload.room_id)
        if room is None:
            raise DomainError("room", "未找到该考场", field="room")
    incident = services.incident_report(
        actor=request.user,
        institution=institution,
        sitting=sitting,
        room=room,
        **payload.dict(exclude={"room_id"}),
    )
    return Status(201, incident_out(_incident(institution, incident.pk)))


@router.get("/institutions/{iid}/incidents/{nid}", response=IncidentOut)
def incident_read(request, iid: DbId, nid: DbId):
    institution = institution_api(request, iid)
    return incident_out(_incident(institution, nid))


@router.post("/institutions/{iid}/incidents/{nid}/stages", response={201: IncidentOut})
def incident_stage(request, iid: DbId, nid: DbId, payload: IncidentStageIn):
    """REC-05: a staged report while the incident is open."""
    institution = institution_api(request, iid, manage=True)
    incident = _incident(institution, nid)
    services.incident_stage_add(actor=request.user, incident=incident, text=payload.text)
    return Status(201, incident_out(_incident(institution, nid)))


@router.post("/institutions/{iid}/incidents/{nid}/close", response=IncidentOut)
def incident_close(request, iid: DbId, nid: DbId, payload: IncidentCloseIn):
    """REC-05: the final report (cause, handling, result, impact); the incident is closed."""
    institution = institution_api(request, iid, manage=True)
    incident = _incident(institution, nid)
    services.incident_close(actor=request.user, incident=incident, **payload.dict())
    return incident_out(_incident(institution, nid))
