"""Builders for records tests: a seated sitting with a proctor on the room's staffing."""

from skillcert.arrangement.models import StaffAssignment
from skillcert.institutions.models import Membership
from skillcert.records.room import services as room
from tests import factories as f
from tests.exams.helpers import seat_all


def seated(institution, sitting, enrol, n=3):
    """n approved candidates seated in one room; a proctor of that room on the plan."""
    regs = enrol(sitting, n)
    for r in regs:
        r.status = "approved"
        r.save(update_fields=["status"])
    seats = seat_all(institution, sitting)
    proctor = f.member(institution, role=Membership.EXAMINER)
    person = f.on_plan(sitting, proctor, StaffAssignment.PROCTOR)
    StaffAssignment.objects.filter(person=person, plan__sitting=sitting).update(room=seats[0].room)
    return seats, proctor


def started(institution, sitting, enrol, n=3):
    seats, proctor = seated(institution, sitting, enrol, n)
    record = room.room_record_start(actor=proctor, sitting=sitting, room=seats[0].room)
    return record, proctor
