"""Reads of exams for the institution's staff (already resolved with institution_for); a
missing exam or attempt, or another institution's, is None (the edge answers 404)."""

from django.utils import timezone

from skillcert.arrangement.models import Seat
from skillcert.core.api_types import db_id
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration, Sitting

from . import timing
from .models import Answer, Exam, ExamAttempt, ExamIncident


def exams_of(sitting: Sitting):
    return Exam.objects.filter(institution_id=sitting.institution_id, sitting=sitting)


def exam_window_of_sitting(*, sitting: Sitting):
    """(starts_at, duration in minutes) of the sitting's first online exam, or None: the
    answer to arrangement's `theory_exam_window` hook (the admission ticket prints it)."""
    exam = (
        Exam.objects.filter(sitting=sitting)
        .order_by("starts_at")
        .values_list("starts_at", "duration_minutes")
        .first()
    )
    return tuple(exam) if exam else None


def exam_get(*, institution: Institution, exam_id) -> Exam | None:
    pk = db_id(exam_id)
    qs = Exam.objects.select_related("sitting").filter(institution=institution, pk=pk)
    return qs.first() if pk else None


def attempt_get(*, exam: Exam, attempt_id) -> ExamAttempt | None:
    pk = db_id(attempt_id)
    return (
        ExamAttempt.objects.select_related("exam").filter(exam=exam, pk=pk).first() if pk else None
    )


def attendance(exam: Exam) -> list[dict]:
    """Per room: each seat's candidate and state (absent / writing / submitted), counts."""
    attempts = {a.registration_id: a for a in ExamAttempt.objects.filter(exam=exam)}
    seats = (
        Seat.objects.filter(
            registration__sitting_id=exam.sitting_id,
            registration__status=Registration.APPROVED,
        )
        .select_related("room", "registration__person")
        .order_by("room__number", "seat_no")
    )
    now = timezone.now()
    entry_over = now > timing.entry_closes(exam)
    rooms: dict[int, dict] = {}
    for seat in seats:
        room = rooms.setdefault(
            seat.room_id,
            {"room": seat.room, "rows": [], "signed_in": 0, "absent": 0, "submitted": 0},
        )
        attempt = attempts.get(seat.registration_id)
        if attempt is None:
            state, label = "absent", ("缺考" if entry_over else "未登录")
            room["absent"] += 1
        elif attempt.submitted_at is not None:
            state, label = "submitted", attempt.get_submitted_by_display()
            room["signed_in"] += 1
            room["submitted"] += 1
        else:
            state, label = "writing", "作答中"
            room["signed_in"] += 1
        room["rows"].append(
            {
                "seat": seat,
                "person": seat.registration.person,
                "attempt": attempt,
                "state": state,
                "label": label,
                "remaining": timing.remaining_seconds(attempt, now) // 60 if attempt else None,
            }
        )
    return list(rooms.values())


def incidents_of(exam: Exam):
    return ExamIncident.objects.filter(exam=exam).select_related(
        "room", "attempt__registration__person", "by"
    )


def parallel_attempts(exam: Exam) -> list[ExamAttempt]:
    """Issue 16 item 18: attempts signed in again while their first session was live (or
    from another address), newest first, each with its ticket number."""
    attempts = list(
        ExamAttempt.objects.filter(exam=exam, parallel_at__isnull=False)
        .select_related("registration__person")
        .order_by("-parallel_at")
    )
    tickets = dict(
        Seat.objects.filter(registration__in=[a.registration_id for a in attempts]).values_list(
            "registration_id", "ticket_number"
        )
    )
    for a in attempts:
        a.ticket = tickets.get(a.registration_id, "")
    return attempts


def attempt_of_token(*, attempt_id: int) -> ExamAttempt | None:
    """The attempt a verified exam token names (the candidate's own; signin.py checks the
    token's signature and expiry before this is asked)."""
    qs = ExamAttempt.objects.select_related("exam", "registration__person")
    return qs.filter(pk=attempt_id).first()


def answers_saved(*, attempt: ExamAttempt) -> dict[str, dict]:
    """The attempt's saved answers by item id, with their autosave sequence numbers."""
    rows = Answer.objects.filter(attempt=attempt).values_list("item_id", "value", "seq")
    return {str(item): {"value": value, "seq": seq} for item, value, seq in rows}
