"""Builders for violation tests: results, issued certificates, seats, staffing, files."""

import io
from datetime import date, datetime

from django.utils import timezone
from PIL import Image

from skillcert.certificates import services as certs
from skillcert.scoring.models import Result
from skillcert.violations import services
from tests import factories as f

ISSUED_ON = date(2025, 7, 1)


def when(hour: int = 9, minute: int = 30) -> datetime:
    return timezone.make_aware(datetime(2025, 6, 1, hour, minute))


def scored(sitting, n: int = 1, **kw):
    """`n` approved registrations with passing scores (80/80) stored, as scoring would."""
    return f.registrations_with_results(sitting, n, **kw)


def issued(sitting, n: int = 1, actor=None):
    """`n` scored candidates with certificates issued (CERT-04); returns the certificates."""
    scored(sitting, n)
    register = certs.issue_register_create(actor=actor, sitting=sitting)
    certs.issue_register_review(actor=f.colleague(actor), register=register)  # four eyes
    return certs.issue_register_issue(actor=actor, register=register, issued_on=ISSUED_ON)


def result_of(reg) -> Result:
    return Result.objects.get(registration=reg)


def record(actor, reg, category, subject="", **kw):
    """A violation recorded by a colleague of `actor` (the proctor), so that `actor` may
    confirm it: the recorder never confirms (four eyes, VIOL-05)."""
    kw.setdefault("occurred_at", when())
    kw.setdefault("notes", "监考员发现并当场制止，已记入考场情况记录表")
    return services.violation_record(
        actor=f.colleague(actor),
        institution=reg.sitting.institution,
        registration=reg,
        category=category,
        subject=subject,
        **kw,
    )


def jpeg(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seat(reg, ticket: str):
    """A seat with a ticket number for `reg` (ARR-02), built directly."""
    from skillcert.arrangement.models import Room, Seat, SeatArrangement, Venue

    inst = reg.sitting.institution
    venue = Venue.objects.get_or_create(institution=inst, name="主考点")[0]
    room = Room.objects.get_or_create(
        institution=inst, number=1, defaults={"venue": venue, "name": "101", "rows": 5}
    )[0]
    arrangement = SeatArrangement.objects.get_or_create(
        institution=inst, sitting=reg.sitting, defaults={"seed": 1}
    )[0]
    n = Seat.objects.filter(arrangement=arrangement).count() + 1
    return Seat.objects.create(
        arrangement=arrangement,
        registration=reg,
        room=room,
        seat_no=n,
        row=1,
        col=n,
        ticket_number=ticket,
    )


def assign(user, sitting, role="proctor"):
    """Put `user` (through a Person) on the sitting's staffing plan in `role`."""
    from skillcert.arrangement.models import SittingStaffing, StaffAssignment
    from skillcert.people.services import person_get_or_create

    person = person_get_or_create(
        name=f"监考{user.pk}", id_type="resident", id_number=f.resident_id(seq=700 + user.pk)
    )
    person.user = user
    person.save(update_fields=["user"])
    plan = SittingStaffing.objects.get_or_create(
        institution=sitting.institution, sitting=sitting, defaults={"seed": 1}
    )[0]
    return StaffAssignment.objects.create(plan=plan, person=person, role=role)
