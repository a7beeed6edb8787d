"""JSON API of video monitoring (REC-11): the index (external references; files are uploaded
on the page), exam periods, the coverage check that raises an incident."""

from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.errors import DomainError
from skillcert.institutions.guards import institution_api
from skillcert.plans.web import sitting_get

from ..models.video import VideoRecording
from . import selectors, services
from .coverage import gaps_of

router = Router(tags=["视频监控 video"])


class RecordingOut(Schema):
    id: int
    room_id: int
    station: int | None
    starts_at: datetime
    ends_at: datetime
    kind: str
    reference: str
    filename: str
    size: int
    sha256: str
    retain_until: date


class RecordingIn(Schema):
    room_id: DbId
    station: int | None = Field(None, ge=1, le=999)
    starts_at: datetime
    ends_at: datetime
    reference: str = Field(max_length=500, pattern=NO_NUL)


class PeriodIn(Schema):
    room_id: DbId
    starts_at: datetime
    ends_at: datetime


class PeriodOut(Schema):
    id: int
    room_id: int
    starts_at: datetime
    ends_at: datetime


class GapOut(Schema):
    room_id: int
    room: str
    station: int | None
    starts_at: datetime
    ends_at: datetime
    minutes: int


class CoverageOut(Schema):
    gaps: list[GapOut]
    incident_id: int | None


def _recording_out(r: VideoRecording) -> RecordingOut:
    return RecordingOut(
        id=r.pk,
        room_id=r.room_id,
        station=r.station,
        starts_at=r.starts_at,
        ends_at=r.ends_at,
        kind=r.kind,
        reference=r.reference,
        filename=r.filename,
        size=r.size,
        sha256=r.sha256,
        retain_until=r.retain_until,
    )


def _gaps_out(gaps) -> list[GapOut]:
    return [
        GapOut(
            room_id=g.room.pk,
            room=str(g.room),
            station=g.station,
            starts_at=g.starts_at,
            ends_at=g.ends_at,
            minutes=g.minutes,
        )
        for g in gaps
    ]


def _room(institution, room_id):
    room = selectors.room_find(institution=institution, room_id=room_id)
    if room is None:
        raise DomainError("room", "未找到该考场", field="room")
    return room


@router.get("/institutions/{iid}/sittings/{sid}/video-recordings", response=list[RecordingOut])
def recordings_list(request, iid: DbId, sid: DbId):
    institution = institution_api(request, iid)
    sitting = sitting_get(institution, sid)
    return [_recording_out(r) for r in selectors.recordings_of_sitting(sitting=sitting)[:5000]]


@router.post("/institutions/{iid}/sittings/{sid}/video-recordings", response={201: RecordingOut})
def recording_create(request, iid: DbId, sid: DbId, payload: RecordingIn):
    """REC-11: index a recording kept on an NVR or object store (nvr://, rtsp://, s3://,
    oss://, cos://, http(s)://), kept at least 5 years."""
    institution = institution_api(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    row = services.video_recording_add(
        actor=request.user,
        institution=institution,
        sitting=sitting,
        room=_room(institution, payload.room_id),
        station=payload.station,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        reference=payload.reference,
    )
    return Status(201, _recording_out(row))


@router.post("/institutions/{iid}/sittings/{sid}/exam-periods", response={201: PeriodOut})
def period_create(request, iid: DbId, sid: DbId, payload: PeriodIn):
    """REC-11: a room's exam time, which must then be covered by video."""
    institution = institution_api(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    p = services.exam_period_add(
        actor=request.user,
        institution=institution,
        sitting=sitting,
        room=_room(institution, payload.room_id),
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
    )
    return Status(
        201, PeriodOut(id=p.pk, room_id=p.room_id, starts_at=p.starts_at, ends_at=p.ends_at)
    )


@router.get("/institutions/{iid}/sittings/{sid}/video-coverage", response=CoverageOut)
def coverage_read(request, iid: DbId, sid: DbId):
    institution = institution_api(request, iid)
    sitting = sitting_get(institution, sid)
    return CoverageOut(gaps=_gaps_out(gaps_of(sitting)), incident_id=None)


@router.post("/institutions/{iid}/sittings/{sid}/video-coverage", response=CoverageOut)
def coverage_check(request, iid: DbId, sid: DbId):
    """REC-11: check the coverage; gaps already past raise one incident (REC-05)."""
    institution = institution_api(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    gaps, incident = services.video_coverage_check(
        actor=request.user, institution=institution, sitting=sitting
    )
    return CoverageOut(gaps=_gaps_out(gaps), incident_id=incident.pk if incident else None)
