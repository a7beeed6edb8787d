"""Reads about one sitting shared by its documents: its days, its staff on the staffing plan
(ARR), its violations and incidents. Scoped by the caller: the sitting is one the guard
already resolved for the institution."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils import timezone

from skillcert.arrangement.models import StaffAssignment
from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting
from skillcert.records.models import Incident
from skillcert.violations.models import Violation

from .figures import violation_categories


def sitting_of(*, institution: Institution, sitting_id) -> Sitting | None:
    """The institution's sitting, or None (the edge answers 404)."""
    return (
        Sitting.objects.filter(institution=institution, pk=sitting_id)
        .select_related("occupation", "job_type", "institution")
        .first()
    )


def sittings_of(institution: Institution, *, limit: int = 50) -> list[Sitting]:
    return list(
        Sitting.objects.filter(institution=institution)
        .select_related("occupation", "job_type")
        .order_by("-theory_on", "-practical_on", "-pk")[:limit]
    )


def days(sitting: Sitting) -> tuple[date | None, date | None]:
    """First and last exam day (None, None when no day is set)."""
    known = [d for d in (sitting.theory_on, sitting.practical_on) if d]
    return (min(known), max(known)) if known else (None, None)


def held(sitting: Sitting, today: date) -> bool:
    """Held: its last exam day has come (the summary is written after it)."""
    last = days(sitting)[1]
    return last is not None and last <= today


@dataclass(frozen=True)
class StaffLine:
    role: str
    names: str
    count: int


def staff_lines(sitting: Sitting) -> list[StaffLine]:
    """The sitting's staff by role on its staffing plan (ARR-03..08), names joined."""
    rows = (
        StaffAssignment.objects.filter(plan__sitting=sitting)
        .select_related("person", "room")
        .order_by("role", "room__number", "id")
    )
    labels = dict(StaffAssignment.ROLES)
    grouped: dict[str, list[str]] = {}
    for a in rows:  # tens of people a sitting
        name = a.person.name + ("（组长）" if a.leader else "")
        if a.room_id:
            name += f"（{a.room.name}）"
        grouped.setdefault(a.role, []).append(name)
    order = [r for r, _ in StaffAssignment.ROLES]
    return [
        StaffLine(labels[r], "、".join(grouped[r]), len(grouped[r])) for r in order if r in grouped
    ]


def sitting_violations(sitting: Sitting) -> list[tuple[str, int]]:
    """Confirmed violations of the sitting, by category (VIOL-01..06)."""
    qs = Violation.objects.filter(registration__sitting=sitting, status=Violation.CONFIRMED)
    return violation_categories(qs)


@dataclass(frozen=True)
class IncidentLine:
    occurred: str
    severity: str
    category: str
    status: str
    result: str


def sitting_incidents(sitting: Sitting) -> list[IncidentLine]:
    """The sitting's incidents (REC-05), oldest first."""
    rows = Incident.objects.filter(sitting=sitting).order_by("occurred_at", "id")
    return [
        IncidentLine(
            f"{timezone.localtime(i.occurred_at):%Y-%m-%d %H:%M}",
            i.get_severity_display(),
            i.get_category_display(),
            i.get_status_display(),
            i.result,
        )
        for i in rows
    ]


def incident_counts(sitting: Sitting) -> dict[str, int]:
    return dict(
        Incident.objects.filter(sitting=sitting)
        .values_list("severity")
        .annotate(n=Count("id"))
        .order_by()
    )
