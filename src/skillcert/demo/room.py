"""A filled room record (考场情况记录表, REC-10) for the demo panel's sitting: every seat
marked, one absence, one violation with the candidate's signature, an incident line; left
open so the proctor's forms can still be tried; and kaowu's pledges (EXAM-12), signed before
the demo item bank is written.

Idempotent: a sitting that already has a room record is left as it is."""

from django.db import transaction
from django.utils import timezone

from skillcert.arrangement.models import Seat
from skillcert.records.models import Pledge, RoomAttendance, RoomRecord
from skillcert.records.papers.services import pledge_sign
from skillcert.records.room import services as room


@transaction.atomic
def room_record_ready(college, kaowu, sitting) -> RoomRecord | None:
    found = RoomRecord.objects.filter(sitting=sitting).first()
    if found is not None:
        return found
    seat = Seat.objects.filter(arrangement__sitting=sitting).select_related("room").first()
    if seat is None:
        return None
    record = room.room_record_start(actor=kaowu, sitting=sitting, room=seat.room)
    rows = list(record.attendance.order_by("seat_no"))
    for k, row in enumerate(rows):
        status = RoomAttendance.ABSENT if k == 1 else RoomAttendance.PRESENT
        room.attendance_mark(actor=kaowu, record=record, attendance=row, status=status)
    room.room_violation_record(
        actor=kaowu,
        record=record,
        attendance=rows[0],
        category="v01_other",
        subject="practical",
        occurred_at=timezone.now(),
        notes="考生与邻近工位考生交谈，监考员当场警告",
        candidate_signed=True,
    )
    room.room_incident_note(actor=kaowu, record=record, text="工位3照明故障，更换工位，延时5分钟")
    return record


def pledges_ready(college, kaowu) -> None:
    """EXAM-12: kaowu writes the demo items and keeps the papers: both pledges signed."""
    for kind in (Pledge.WRITER, Pledge.MAKER):
        if not Pledge.objects.filter(institution=college, user=kaowu, kind=kind).exists():
            pledge_sign(actor=kaowu, institution=college, kind=kind)
