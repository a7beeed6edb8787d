"""Writes of the video index (REC-11), each audited in its transaction (REC-09).

- `exam_period_add`: a room's exam time for the sitting (paper or practical session).
- `video_recording_add`: a recording by room (or station) and span, a file through the
  storage API or an external reference; kept until `retain_until` (>= 5 years, REC-11).
- `video_recording_remove`: refused before `retain_until`.
- `video_coverage_check`: names every room and minute without video; gaps already past
  raise one incident (REC-11: missing coverage is an incident, REC-05), once per set of gaps.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from skillcert.arrangement.models import Room
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.institutions.models import Institution
from skillcert.people.models import add_years
from skillcert.plans.models import Sitting
from skillcert.violations import evidence as sealing

from ..incidents.services import incident_report
from ..models.incidents import Incident
from ..models.video import ExamPeriod, VideoRecording
from ..sealed import removed_on_error, seal_into
from .coverage import Gap, gaps_digest, gaps_of
from .files import reference_check, video_check

MAX_SPAN = timedelta(hours=24)
LISTED = 40  # gaps named in the incident text; the page lists them all


def _span(starts_at, ends_at) -> tuple[datetime, datetime]:
    for value, field, label in (
        (starts_at, "starts_at", "开始时间"),
        (ends_at, "ends_at", "结束时间"),
    ):
        if not isinstance(value, datetime):
            raise DomainError(field, f"请填写{label}", field=field)
    starts_at, ends_at = (
        timezone.make_aware(v) if timezone.is_naive(v) else v for v in (starts_at, ends_at)
    )
    if ends_at <= starts_at:
        raise DomainError("ends_at", "结束时间须晚于开始时间", field="ends_at")
    if ends_at - starts_at > MAX_SPAN:
        raise DomainError("ends_at", "一段时间不能超过24小时，请分段登记", field="ends_at")
    return starts_at, ends_at


def _room(institution: Institution, sitting: Sitting, room: Room | None) -> Room:
    if sitting.institution_id != institution.pk:
        raise DomainError("sitting", "该批次不属于本机构", field="sitting")
    if room is None or room.institution_id != institution.pk:
        raise DomainError("room", "请选择本机构的考场", field="room")
    return room


def _snapshot(r: VideoRecording) -> dict:
    return {
        "sitting": r.sitting_id,
        "room": r.room_id,
        "station": r.station,
        "starts_at": r.starts_at,
        "ends_at": r.ends_at,
        "kind": r.kind,
        "reference": r.reference,
        "sha256": r.sha256,
        "size": r.size,
        "retain_until": r.retain_until,
    }


@transaction.atomic
def exam_period_add(
    *, actor, institution: Institution, sitting: Sitting, room: Room, starts_at, ends_at
) -> ExamPeriod:
    """REC-11: a room's exam time, which the coverage check then requires video for."""
    room = _room(institution, sitting, room)
    starts_at, ends_at = _span(starts_at, ends_at)
    period = ExamPeriod.objects.create(
        institution=institution, sitting=sitting, room=room, starts_at=starts_at, ends_at=ends_at
    )
    audit_record(
        actor=actor,
        action="video.period_add",
        obj=period,
        after={"sitting": sitting.pk, "room": room.pk, "starts_at": starts_at, "ends_at": ends_at},
    )
    return period


@transaction.atomic
def video_recording_add(
    *,
    actor,
    institution: Institution,
    sitting: Sitting,
    room: Room,
    starts_at,
    ends_at,
    station: int | None = None,
    reference: str = "",
    upload: tuple[str, bytes] | None = None,
) -> VideoRecording:
    """REC-11: index one recording; kept until its end date plus the retention years."""
    room = _room(institution, sitting, room)
    starts_at, ends_at = _span(starts_at, ends_at)
    if station is not None and (room.kind != Room.PRACTICAL or not 1 <= station <= room.stations):
        where = f"{room}没有{station}号工位" if room.kind == Room.PRACTICAL else ""
        raise DomainError("station", where or "只有实操考场按工位登记", field="station")
    if bool(reference and reference.strip()) == bool(upload):
        raise DomainError("source", "请上传录像文件或填写外部存储地址（二选一）", field="reference")
    years = rules().video_retention_years
    if years < 5:  # REC-11: a setting may lengthen the retention, never shorten it
        raise DomainError("retention", "监控录像保存期限不得少于5年", rule="REC-11")
    row = VideoRecording(
        institution=institution,
        sitting=sitting,
        room=room,
        station=station,
        starts_at=starts_at,
        ends_at=ends_at,
        retain_until=add_years(timezone.localdate(ends_at), years),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    with removed_on_error() as saved:
        if upload:
            name, data = upload
            video_check(sealing.clean_name(name), data)
            row.kind = VideoRecording.FILE
            row.filename = sealing.clean_name(name)
            row.size = len(data)
            row.sha256 = sealing.digest(data)
            seal_into(row.file, data, saved)
        else:
            row.kind = VideoRecording.EXTERNAL
            row.reference = reference_check(reference)
        row.save()
        audit_record(actor=actor, action="video.add", obj=row, after=_snapshot(row))
    return row


@transaction.atomic
def video_recording_remove(*, actor, recording: VideoRecording, reason: str) -> None:
    """REC-11 / REC-01: a recording is kept at least until `retain_until`."""
    recording = VideoRecording.objects.select_for_update().get(pk=recording.pk)
    today = timezone.localdate()
    if today < recording.retain_until:
        raise DomainError(
            "retention",
            f"监控录像须保存至{recording.retain_until}（不少于{rules().video_retention_years}年），"
            "不能删除",
            rule="REC-11",
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason", "请填写删除原因", field="reason")
    before = _snapshot(recording)
    audit_record(
        actor=actor, action="video.remove", obj=recording, before=before, after={"reason": reason}
    )
    name = recording.file.name if recording.file else ""
    recording.delete()
    if name:
        storage = recording.file.storage
        transaction.on_commit(lambda: storage.delete(name))


def _exam_form(gap: Gap) -> str:
    if gap.room.kind == Room.PRACTICAL:
        return Incident.PRACTICAL
    online = gap.online or gap.room.kind == Room.COMPUTER
    return Incident.THEORY_ONLINE if online else Incident.THEORY_PAPER


@transaction.atomic
def video_coverage_check(
    *, actor, institution: Institution, sitting: Sitting
) -> tuple[list[Gap], Incident | None]:
    """REC-11: the gaps of the sitting's video coverage; the gaps already past raise one
    general incident (g_video_gap), not again for the same gaps."""
    if sitting.institution_id != institution.pk:
        raise DomainError("sitting", "该批次不属于本机构", field="sitting")
    Sitting.objects.select_for_update().filter(pk=sitting.pk).first()  # one check at a time
    gaps = gaps_of(sitting)
    now = timezone.now()
    past = [g for g in gaps if g.starts_at < now]
    if not past:
        return gaps, None
    past = [Gap(g.room, g.station, g.starts_at, min(g.ends_at, now), g.online) for g in past]
    digest = gaps_digest(past)
    same = Incident.objects.filter(sitting=sitting, source=Incident.VIDEO, digest=digest).first()
    if same is not None:
        return gaps, same
    tz = timezone.get_current_timezone()
    lines = "\n".join(g.label(tz) for g in past[:LISTED])
    if len(past) > LISTED:
        lines += f"\n……等共{len(past)}处"
    incident = incident_report(
        actor=actor,
        institution=institution,
        sitting=sitting,
        category="g_video_gap",
        exam_form=_exam_form(past[0]),
        occurred_at=past[0].starts_at,
        discovered_at=now,
        room=past[0].room if len({g.room.pk for g in past}) == 1 else None,
        description=f"监控覆盖检查发现以下考场时段无录像（REC-11）：\n{lines}",
        source=Incident.VIDEO,
        digest=digest,
    )
    return gaps, incident
