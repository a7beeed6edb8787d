"""Reads of room records (REC-10), scoped to a resolved institution; who may keep them.

Keeping a room's record: the proctors of that room on the sitting's staffing plan, the
sitting's exam-affairs staff and site leader, and the institution's managers."""

from django.urls import reverse

from skillcert.arrangement.models import Room, SeatArrangement, StaffAssignment
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import can_manage
from skillcert.plans.models import Sitting

from ..models import Incident, RoomAttendance, RoomRecord, RoomViolation

SITTING_ROLES = (StaffAssignment.EXAM_AFFAIRS, StaffAssignment.SITE_LEADER)


def can_keep(user, sitting: Sitting, room: Room | None = None) -> bool:
    """May `user` write the room record of `room` (any room when None) in `sitting`?"""
    if not user.is_authenticated:
        return False
    if can_manage(user, sitting.institution):
        return True
    mine = StaffAssignment.objects.filter(plan__sitting=sitting, person__user=user)
    if mine.filter(role__in=SITTING_ROLES).exists():
        return True
    proctor = mine.filter(role=StaffAssignment.PROCTOR)
    return proctor.filter(room=room).exists() if room is not None else proctor.exists()


def rooms_of_sitting(*, sitting: Sitting) -> list[Room]:
    """The rooms of the sitting's seating plan (where a room record can start)."""
    arrangement = SeatArrangement.objects.filter(sitting=sitting).first()
    if arrangement is None:
        return []
    return list(arrangement.rooms.order_by("number"))


def room_records_of(*, sitting: Sitting):
    return (
        RoomRecord.objects.filter(institution_id=sitting.institution_id, sitting=sitting)
        .select_related("room")
        .prefetch_related("attendance")
    )


def room_record_find(*, institution: Institution, sitting: Sitting, record_id) -> RoomRecord | None:
    return (
        RoomRecord.objects.filter(institution=institution, sitting=sitting, pk=record_id)
        .select_related("room", "sitting", "sealed_by", "started_by")
        .first()
    )


def attendance_of(*, record: RoomRecord):
    return record.attendance.select_related("registration__person")


def violations_of(*, record: RoomRecord):
    return RoomViolation.objects.filter(record=record).select_related(
        "violation__registration__person", "proctor_signed_by"
    )


def record_of_violation(*, violation) -> RoomViolation | None:
    return (
        RoomViolation.objects.filter(violation=violation)
        .select_related("record__room", "record__sitting")
        .first()
    )


def attendance_find(*, record: RoomRecord, attendance_id) -> RoomAttendance | None:
    return record.attendance.filter(pk=attendance_id).first()


def room_record_link(*, violation) -> dict | None:
    """The answer to violations' hook (REC-10): the room record a violation was written on."""
    link = record_of_violation(violation=violation)
    if link is None:
        return None
    record = link.record
    sign = "考生已签字确认" if link.candidate_signed else f"考生拒绝签字：{link.candidate_refusal}"
    return {
        "label": f"{record.room} 考场情况记录表第{record.pk}号（{sign}）",
        "url": reverse("room_record", args=[record.institution_id, record.sitting_id, record.pk]),
    }


def incidents_of(*, record: RoomRecord):
    """REC-05 incidents reported for this room of the sitting, beside the proctor's own note
    on the record (REC-10): the room record shows and prints them."""
    return Incident.objects.filter(sitting_id=record.sitting_id, room_id=record.room_id).order_by(
        "occurred_at", "pk"
    )
