"""Writes of the room record (考场情况记录表, REC-10), each audited in its transaction.

- `room_record_start`: from the seating plan, one attendance row per seat of the room.
- `attendance_mark`: signed in (已签到), absent (缺考) or late and refused (迟到拒入).
- `room_violation_record`: a violation of a candidate signed in here; it is recorded in the
  violations app (`violations.services.violation_record`) and linked to this record; the
  proctor signs (the actor), the candidate signs or their refusal to sign is written down.
- `room_incident_note`: an incident line (time and text) on the record.
- `room_record_seal`: at the end, every seat accounted for and the papers collected counted
  against those signed in; sealed under a seal number; nothing changes afterwards.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from skillcert.arrangement.models import Room, Seat
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError, Forbidden
from skillcert.plans.models import Sitting
from skillcert.violations import services as violations

from ..models import RoomAttendance, RoomRecord, RoomViolation
from .selectors import can_keep

RULE = "REC-10"
INCIDENT_MAX = 500
REFUSAL_MAX = 200
SEAL_MAX = 40
STATUS_LABELS = dict(RoomAttendance.STATUSES)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _guard(actor, sitting: Sitting, room: Room) -> None:
    if not can_keep(actor, sitting, room):
        raise Forbidden("您不是本考场的监考员或本批次的考务人员")


def _locked(record: RoomRecord, actor) -> RoomRecord:
    record = (
        RoomRecord.objects.select_for_update().select_related("room", "sitting").get(pk=record.pk)
    )
    _guard(actor, record.sitting, record.room)
    if record.status == RoomRecord.SEALED:
        raise DomainError("record_sealed", "该考场情况记录表已封存，不能再修改", rule=RULE)
    return record


@transaction.atomic
def room_record_start(*, actor, sitting: Sitting, room: Room) -> RoomRecord:
    """REC-10: the room's record, started from the seating plan (one row per seat)."""
    _guard(actor, sitting, room)
    if room.institution_id != sitting.institution_id:
        raise DomainError("room", "该考场不属于本机构", field="room")
    seats = list(Seat.objects.filter(arrangement__sitting=sitting, room=room).order_by("seat_no"))
    if not seats:
        raise DomainError(
            "no_seats",
            f"{room}在本批次的座位编排中没有考生，请先编排座位（REC-10：记录表按座位表建立）",
            field="room",
            rule=RULE,
        )
    if RoomRecord.objects.filter(sitting=sitting, room=room).exists():
        raise DomainError("record_exists", f"{room}的考场情况记录表已建立", field="room", rule=RULE)
    record = RoomRecord.objects.create(
        institution_id=sitting.institution_id, sitting=sitting, room=room, started_by=_user(actor)
    )
    RoomAttendance.objects.bulk_create(
        [
            RoomAttendance(
                record=record,
                registration_id=s.registration_id,
                seat=s,
                seat_no=s.seat_no,
                ticket_number=s.ticket_number,
            )
            for s in seats
        ]
    )
    audit_record(
        actor=actor,
        action="room_record.start",
        obj=record,
        after={"sitting": sitting.pk, "room": room.pk, "seats": len(seats)},
    )
    return record


@transaction.atomic
def attendance_mark(
    *, actor, record: RoomRecord, attendance: RoomAttendance, status: str
) -> RoomAttendance:
    """Signed in, absent or late and refused, for one seat of an open record (REC-10)."""
    record = _locked(record, actor)
    if status not in STATUS_LABELS or status == RoomAttendance.PENDING:
        raise DomainError("status", "请选择签到情况：已签到、缺考或迟到拒入", field="status")
    row = RoomAttendance.objects.select_for_update().get(pk=attendance.pk, record=record)
    if (
        status != RoomAttendance.PRESENT
        and RoomViolation.objects.filter(
            record=record, violation__registration_id=row.registration_id
        ).exists()
    ):
        raise DomainError(
            "has_violation",
            f"{row.ticket_number}已在本考场登记违纪，不能改为“{STATUS_LABELS[status]}”",
            field="status",
            rule=RULE,
        )
    before = row.status
    row.status, row.marked_by, row.marked_at = status, _user(actor), timezone.now()
    row.save(update_fields=["status", "marked_by", "marked_at"])
    audit_record(
        actor=actor,
        action="room_record.attendance",
        obj=record,
        before={"ticket": row.ticket_number, "status": before},
        after={"ticket": row.ticket_number, "status": status},
    )
    return row


@transaction.atomic
def room_violation_record(
    *,
    actor,
    record: RoomRecord,
    attendance: RoomAttendance,
    category: str,
    subject: str = "",
    occurred_at: datetime,
    notes: str,
    candidate_signed: bool,
    candidate_refusal: str = "",
) -> RoomViolation:
    """REC-10: a violation written on the room record with the proctor's signature (the actor)
    and the candidate's (or the refusal noted); recorded in the violations app."""
    record = _locked(record, actor)
    row = RoomAttendance.objects.select_related("registration").get(pk=attendance.pk, record=record)
    if row.status != RoomAttendance.PRESENT:
        raise DomainError(
            "not_present",
            f"{row.ticket_number}在本考场的签到情况为“{row.get_status_display()}”，"
            "只能为已签到的考生登记违纪",
            field="attendance",
            rule=RULE,
        )
    refusal = " ".join((candidate_refusal or "").split())
    if len(refusal) > REFUSAL_MAX:
        raise DomainError(
            "refusal_long", f"拒绝签字情况不能超过{REFUSAL_MAX}字", field="candidate_refusal"
        )
    if not candidate_signed and not refusal:
        raise DomainError(
            "candidate_confirm",
            "违纪记录须由考生签字确认；考生拒绝签字的，请写明拒签情况（REC-10）",
            field="candidate_signed",
            rule=RULE,
        )
    violation = violations.violation_record(
        actor=actor,
        institution=record.institution,
        registration=row.registration,
        category=category,
        subject=subject,
        occurred_at=occurred_at,
        notes=f"{notes}\n（{record.room} 考场情况记录表第{record.pk}号，座位{row.seat_no}）"
        if (notes or "").strip()
        else "",
    )
    link = RoomViolation.objects.create(
        record=record,
        violation=violation,
        proctor_signed_by=_user(actor),
        candidate_signed=bool(candidate_signed),
        candidate_refusal="" if candidate_signed else refusal,
    )
    audit_record(
        actor=actor,
        action="room_record.violation",
        obj=record,
        after={
            "violation": violation.pk,
            "ticket": row.ticket_number,
            "candidate_signed": link.candidate_signed,
            "candidate_refusal": link.candidate_refusal,
        },
    )
    return link


@transaction.atomic
def room_incident_note(*, actor, record: RoomRecord, text: str) -> RoomRecord:
    """An incident on the record: one line with its time (REC-10)."""
    record = _locked(record, actor)
    text = " ".join((text or "").split())
    if not text:
        raise DomainError("text", "请填写突发事件情况", field="text")
    if len(text) > INCIDENT_MAX:
        raise DomainError("text_long", f"突发事件情况不能超过{INCIDENT_MAX}字", field="text")
    line = f"{timezone.localtime():%H:%M} {text}"
    if len(record.incidents) + len(line) + 1 > 2000:
        raise DomainError("incidents_full", "突发事件记录已满，请另附书面报告", field="text")
    record.incidents = f"{record.incidents}\n{line}".strip()
    record.save(update_fields=["incidents"])
    audit_record(actor=actor, action="room_record.incident", obj=record, after={"line": line})
    return record


@transaction.atomic
def room_record_seal(
    *, actor, record: RoomRecord, papers_collected: int, seal_number: str
) -> RoomRecord:
    """REC-10: at the end every seat is accounted for, the papers (answer cards) collected
    equal the candidates signed in, and the record is sealed under a seal number."""
    record = _locked(record, actor)
    counts = record.counts()
    if counts[RoomAttendance.PENDING]:
        raise DomainError(
            "attendance_open",
            f"还有{counts[RoomAttendance.PENDING]}个座位未登记签到情况，不能封存",
            field="papers_collected",
            rule=RULE,
        )
    if not isinstance(papers_collected, int) or papers_collected < 0:
        raise DomainError(
            "papers_collected", "请填写收回的试卷（答题卡）份数", field="papers_collected"
        )
    present = counts[RoomAttendance.PRESENT]
    if papers_collected != present:
        raise DomainError(
            "count_mismatch",
            f"收回试卷（答题卡）{papers_collected}份，与签到考生{present}人不符，请清点后再封存",
            field="papers_collected",
            rule=RULE,
        )
    seal_number = (seal_number or "").strip()
    if not seal_number:
        raise DomainError("seal_number", "请填写密封袋编号", field="seal_number", rule=RULE)
    if len(seal_number) > SEAL_MAX:
        raise DomainError("seal_long", f"密封袋编号不能超过{SEAL_MAX}字", field="seal_number")
    record.papers_collected, record.seal_number = papers_collected, seal_number
    record.status, record.sealed_by, record.sealed_at = (
        RoomRecord.SEALED,
        _user(actor),
        timezone.now(),
    )
    record.save(
        update_fields=["papers_collected", "seal_number", "status", "sealed_by", "sealed_at"]
    )
    audit_record(
        actor=actor,
        action="room_record.seal",
        obj=record,
        after={"counts": counts, "papers_collected": papers_collected, "seal": seal_number},
    )
    return record
