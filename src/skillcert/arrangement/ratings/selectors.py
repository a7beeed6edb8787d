"""Reads of the 考评人员认定表 (PEOPLE-11): who served a sitting as 考评员, their ratings, and
an examiner's served sittings of a year for the annual evaluation (PEOPLE-06, answered to
people.hooks.served_sittings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from skillcert.people.hooks import ServedSitting
from skillcert.people.models import Examiner
from skillcert.plans.models import Sitting

from ..models import StaffAssignment
from .models import ExaminerRating


def last_day(sitting: Sitting) -> date | None:
    """The sitting's last exam day; None when it has no date (never held)."""
    days = [d for d in (sitting.theory_on, sitting.practical_on) if d]
    return max(days) if days else None


def held(sitting: Sitting, today: date | None = None) -> bool:
    """PEOPLE-11: rated once the work is over, i.e. from the sitting's last exam day on."""
    day = last_day(sitting)
    return day is not None and day <= (today or timezone.localdate())


@dataclass(frozen=True)
class ServedRow:
    """An examiner who served the sitting, with the rating if one was made."""

    examiner: Examiner
    leader: bool
    rating: ExaminerRating | None


def served_examiners(*, sitting: Sitting) -> list[Examiner]:
    """The examiners of the sitting's institution its staffing plan names as 考评员."""
    person_ids = StaffAssignment.objects.filter(
        plan__sitting=sitting, role=StaffAssignment.EXAMINER
    ).values("person_id")
    return list(
        Examiner.objects.filter(institution_id=sitting.institution_id, person_id__in=person_ids)
        .select_related("person")
        .order_by("person__name", "pk")
    )


def served_rows(*, sitting: Sitting) -> list[ServedRow]:
    """The 认定表 of the sitting: every examiner who served, leader first, with the rating."""
    leaders = set(
        StaffAssignment.objects.filter(
            plan__sitting=sitting, role=StaffAssignment.EXAMINER, leader=True
        ).values_list("person_id", flat=True)
    )
    ratings = {r.examiner_id: r for r in ratings_of(sitting=sitting)}
    rows = [
        ServedRow(e, e.person_id in leaders, ratings.get(e.pk))
        for e in served_examiners(sitting=sitting)
    ]
    return sorted(rows, key=lambda r: not r.leader)


def ratings_of(*, sitting: Sitting):
    return ExaminerRating.objects.filter(sitting=sitting).select_related("rated_by")


def rating_of(*, sitting: Sitting, examiner: Examiner) -> ExaminerRating | None:
    return ExaminerRating.objects.filter(sitting=sitting, examiner=examiner).first()


def rated_person_ids(*, sitting: Sitting) -> set[int]:
    """Persons with a rating on the sitting: their staffing rows are settled (PEOPLE-11)."""
    return set(
        ExaminerRating.objects.filter(sitting=sitting).values_list("examiner__person_id", flat=True)
    )


def served_sittings(*, examiner: Examiner, year: int) -> list[ServedSitting]:
    """people.hooks.served_sittings: the held sittings of the examiner's institution whose
    plan names them as 考评员 and whose last day is in `year`, with their ratings."""
    sittings = Sitting.objects.filter(
        Q(theory_on__year=year) | Q(practical_on__year=year),
        institution_id=examiner.institution_id,
        staffing_plan__assignments__person_id=examiner.person_id,
        staffing_plan__assignments__role=StaffAssignment.EXAMINER,
    ).distinct()
    scores = dict(
        ExaminerRating.objects.filter(examiner=examiner, sitting__in=sittings).values_list(
            "sitting_id", "score"
        )
    )
    rows = [
        ServedSitting(s.pk, s.name, last_day(s), scores.get(s.pk))
        for s in sittings
        if held(s) and last_day(s).year == year
    ]
    return sorted(rows, key=lambda r: (r.last_day, r.sitting_id))
