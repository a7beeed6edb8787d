"""Shared objects of the records tests (incidents, video, complaints, supervision report)."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from skillcert.arrangement.models import Room, StaffAssignment, Venue
from skillcert.institutions.models import Membership
from skillcert.records.equipment import services as equipment
from skillcert.records.handover import services as handover
from skillcert.records.room import services as room_services
from tests import factories as f
from tests.exams.helpers import seat_all


def at(y, m, d, hh=9, mm=0) -> datetime:
    return timezone.make_aware(datetime(y, m, d, hh, mm))


def room(institution, number: int = 1, kind: str = Room.THEORY, stations: int = 0) -> Room:
    venue, _ = Venue.objects.get_or_create(institution=institution, name="主考点")
    return Room.objects.create(
        institution=institution,
        venue=venue,
        number=number,
        name=f"{number}号考场",
        kind=kind,
        rows=5,
        columns=6,
        stations=stations,
    )


def supervisors(sitting, n: int = 3) -> list:
    """n users named internal quality supervisors on the sitting's staffing plan."""
    users = []
    for i in range(n):
        u = f.member(sitting.institution, role="supervisor")
        f.on_plan(sitting, u, role="internal_supervisor", seq=800 + i + u.pk % 50)
        users.append(u)
    return users


def instrument(sitting, *, due: date | None = date(2026, 12, 31), actor=None, name="游标卡尺"):
    """A measuring instrument of the sitting's occupation, calibrated until `due`."""
    return equipment.equipment_add(
        actor=actor,
        institution=sitting.institution,
        occupation=sitting.occupation,
        name=name,
        model="0-150mm",
        quantity=10,
        purchased_on=date(2024, 3, 1),
        price=Decimal("120.00"),
        parameters="分度值0.02mm",
        work_items="1.2 零件尺寸测量",
        measuring=True,
        calibration_due=due,
    )


def void_notice(cert, *, on: date = date(2025, 10, 1), actor=None):
    """CERT-10: the loss declared void in a newspaper on `on`."""
    return handover.void_notice_record(
        actor=actor,
        certificate=cert,
        medium="newspaper",
        publication="XX日报",
        published_on=on,
    )


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
    record = room_services.room_record_start(actor=proctor, sitting=sitting, room=seats[0].room)
    return record, proctor
