"""Builders for exam tests (and the autosave benchmark): a paper, rooms, seats, an exam,
signed-in candidates. Everything goes through the services, as production does."""

from datetime import timedelta

from django.utils import timezone

from skillcert.arrangement import services as arrangement
from skillcert.arrangement.models import Seat
from skillcert.exams.services import exam_create
from skillcert.exams.signin import candidate_signin
from tests import factories as f


def questions(n: int = 10) -> list[dict]:
    """A paper of `n` items cycling single, multiple, judge, fill; 10 points each."""
    out = []
    for i in range(n):
        kind = ("single", "multiple", "judge", "fill")[i % 4]
        q = {"item_id": 1000 + i, "kind": kind, "stem": f"第{i + 1}题题干", "points": "10"}
        if kind == "single":
            q |= {"options": ["甲", "乙", "丙", "丁"], "answer": [i % 4]}
        elif kind == "multiple":
            q |= {"options": ["甲", "乙", "丙", "丁", "戊"], "answer": [0, 2]}
        elif kind == "judge":
            q |= {"options": [], "answer": i % 8 == 2}
        else:
            q |= {"options": [], "answer": ["螺纹", "M10"]}
        out.append(q)
    return out


def seat_all(institution, sitting, *, per_room: int = 30, start: int = 1):
    """Venue, theory rooms of 5×6 desks, seats and tickets for every approved candidate."""
    venue = arrangement.venue_create(actor=None, institution=institution, name="机考考点")
    n = sitting.registrations.filter(status="approved").count()
    rooms = [
        arrangement.room_create(
            actor=None,
            venue=venue,
            number=start + k,
            name=f"机房{start + k}",
            kind="theory",
            rows=5,
            columns=6,
            desk_spacing_cm=90,
        )
        for k in range(-(-n // per_room))
    ]
    arrangement.seating_arrange(actor=None, sitting=sitting, rooms=rooms, seed=1)
    f.plan_approved(sitting)  # INST-13: tickets and the exam only after the approval
    return list(
        Seat.objects.filter(registration__sitting=sitting)
        .select_related("registration__person", "room")
        .order_by("ticket_number")
    )


def make_exam(sitting, *, starts_in_minutes: int = -1, duration: int = 60, paper=None):
    """An exam starting `starts_in_minutes` from now (negative: already started); the
    sitting's implementation plan approved first (INST-13)."""
    f.plan_approved(sitting)
    return exam_create(
        actor=None,
        sitting=sitting,
        title="理论知识机考",
        starts_at=timezone.now() + timedelta(minutes=starts_in_minutes),
        duration_minutes=duration,
        questions=paper if paper is not None else questions(),
    )


def sign_in(exam, seat, now=None):
    """candidate_signin with the seat's ticket and the person's clear ID number."""
    return candidate_signin(
        exam_id=exam.pk,
        ticket=seat.ticket_number,
        id_number=seat.registration.person.id_number,
        address="127.0.0.1",
        now=now,
    )
