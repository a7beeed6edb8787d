"""JSON API of the room record (REC-10): list and read a sitting's room records, start one
from the seating plan, mark attendance, record a violation there, seal it. Thin: the
services keep the rules; another institution a 404, a member who does not keep the room 403."""

from datetime import datetime

from ninja import Field, Router, Schema, Status

from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.errors import DomainError
from skillcert.institutions.guards import institution_api

from ..models import RoomRecord
from . import selectors, services
from .guards import record_kept, sitting_kept

router = Router(tags=["考场情况记录表 room records"])


class AttendanceOut(Schema):
    id: int
    seat_no: int
    ticket_number: str
    name: str
    status: str


class RoomViolationOut(Schema):
    violation_id: int
    registration_id: int
    candidate_signed: bool
    candidate_refusal: str
    violation_status: str


class RoomRecordOut(Schema):
    id: int
    room_id: int
    room: str
    status: str
    counts: dict[str, int]
    incidents: str
    papers_collected: int | None
    seal_number: str
    sealed_at: datetime | None


class RoomIncidentOut(Schema):
    id: int
    category: str
    severity: str
    occurred_at: datetime
    status: str


class RoomRecordDetailOut(RoomRecordOut):
    attendance: list[AttendanceOut]
    violations: list[RoomViolationOut]
    reported_incidents: list[RoomIncidentOut]  # REC-05 reports of this room


class RoomRecordIn(Schema):
    room_id: DbId


class AttendanceIn(Schema):
    attendance_id: DbId
    status: str = Field(max_length=10)


class RoomViolationIn(Schema):
    attendance_id: DbId
    category: str = Field(max_length=40, pattern=NO_NUL)
    subject: str = Field("", max_length=10, pattern=NO_NUL)
    occurred_at: datetime
    notes: str = Field(max_length=1800, pattern=NO_NUL)
    candidate_signed: bool = False
    candidate_refusal: str = Field("", max_length=services.REFUSAL_MAX, pattern=NO_NUL)


class SealIn(Schema):
    papers_collected: int = Field(ge=0, le=100000)
    seal_number: str = Field(max_length=services.SEAL_MAX, pattern=NO_NUL)


def _out(record: RoomRecord) -> dict:
    return {
        "id": record.pk,
        "room_id": record.room_id,
        "room": str(record.room),
        "status": record.status,
        "counts": record.counts(),
        "incidents": record.incidents,
        "papers_collected": record.papers_collected,
        "seal_number": record.seal_number,
        "sealed_at": record.sealed_at,
    }


def _detail(record: RoomRecord) -> dict:
    return _out(record) | {
        "attendance": [
            {
                "id": a.pk,
                "seat_no": a.seat_no,
                "ticket_number": a.ticket_number,
                "name": a.registration.person.name,
                "status": a.status,
            }
            for a in selectors.attendance_of(record=record)
        ],
        "violations": [
            {
                "violation_id": rv.violation_id,
                "registration_id": rv.violation.registration_id,
                "candidate_signed": rv.candidate_signed,
                "candidate_refusal": rv.candidate_refusal,
                "violation_status": rv.violation.status,
            }
            for rv in selectors.violations_of(record=record)
        ],
        "reported_incidents": [
            {
                "id": i.pk,
                "category": i.category,
                "severity": i.severity,
                "occurred_at": i.occurred_at,
                "status": i.status,
            }
            for i in selectors.incidents_of(record=record)
        ],
    }


def _sitting(request, iid, sid):
    institution = institution_api(request, iid)
    return institution, sitting_kept(request.user, institution, sid)


def _record(request, iid, sid, rid) -> RoomRecord:
    return record_kept(request.user, institution_api(request, iid), sid, rid)


def _attendance(record, attendance_id):
    row = selectors.attendance_find(record=record, attendance_id=attendance_id)
    if row is None:
        raise DomainError("attendance", "本记录表中没有该座位", field="attendance_id")
    return row


P = "/institutions/{iid}/sittings/{sid}/room-records"


@router.get(P, response=list[RoomRecordOut])
def room_records_list(request, iid: DbId, sid: DbId):
    _, sitting = _sitting(request, iid, sid)
    return [_out(r) for r in selectors.room_records_of(sitting=sitting)]


@router.post(P, response={201: RoomRecordDetailOut})
def room_record_create(request, iid: DbId, sid: DbId, payload: RoomRecordIn):
    """REC-10: start the room's record from the seating plan."""
    _, sitting = _sitting(request, iid, sid)
    rooms = {r.pk: r for r in selectors.rooms_of_sitting(sitting=sitting)}
    room = rooms.get(payload.room_id)
    if room is None:
        raise DomainError("room", "本批次座位编排中没有该考场", field="room_id", rule="REC-10")
    record = services.room_record_start(actor=request.user, sitting=sitting, room=room)
    return Status(201, _detail(record))


@router.get(P + "/{rid}", response=RoomRecordDetailOut)
def room_record_read(request, iid: DbId, sid: DbId, rid: DbId):
    return _detail(_record(request, iid, sid, rid))


@router.post(P + "/{rid}/attendance", response=RoomRecordDetailOut)
def room_attendance_mark(request, iid: DbId, sid: DbId, rid: DbId, payload: AttendanceIn):
    record = _record(request, iid, sid, rid)
    services.attendance_mark(
        actor=request.user,
        record=record,
        attendance=_attendance(record, payload.attendance_id),
        status=payload.status,
    )
    return _detail(record)


@router.post(P + "/{rid}/violations", response={201: RoomRecordDetailOut})
def room_violation_create(request, iid: DbId, sid: DbId, rid: DbId, payload: RoomViolationIn):
    """REC-10: a violation on the room record (proctor's signature: the caller), recorded in
    the violations app; the candidate signs or the refusal is noted."""
    record = _record(request, iid, sid, rid)
    data = payload.dict()
    services.room_violation_record(
        actor=request.user,
        record=record,
        attendance=_attendance(record, data.pop("attendance_id")),
        **data,
    )
    return Status(201, _detail(record))


@router.post(P + "/{rid}/seal", response=RoomRecordDetailOut)
def room_record_seal(request, iid: DbId, sid: DbId, rid: DbId, payload: SealIn):
    record = _record(request, iid, sid, rid)
    record = services.room_record_seal(actor=request.user, record=record, **payload.dict())
    return _detail(record)
