"""Build the staffing solver's input (problem.StaffingProblem) from the models.

Rooms and candidate counts come from the sitting's seat arrangement (ARR-03); the panel
from the sitting's occupation and level (ARR-05); the people from the registers of the
institution: site leaders, exam-affairs staff and proctors (ExamStaff, ARR-03/04), internal
quality supervisors valid on the day (PEOPLE-07, ARR-04), examiners valid for the
occupation and level (PEOPLE-03..05); recusals (ARR-08); consecutive services and previous
panels from the institution's earlier saved staffing plans (ARR-06).

Person ids in the problem are people.Person primary keys as strings, room ids Room keys.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count
from django.utils import timezone

from skillcert.core import tenancy
from skillcert.core.errors import DomainError
from skillcert.people.models import ExamStaff, QualitySupervisor
from skillcert.people.selectors import (
    examiners_valid_for,
    proctor_candidates,
    staff_by_role,
    supervisors_valid_on,
)
from skillcert.plans.models import Sitting

from ..models import Seat, SeatArrangement, SittingStaffing, StaffAssignment
from ..selectors import recusals_for_sitting
from .problem import (
    EXAM_AFFAIRS,
    EXAMINER,
    PROCTOR,
    SITE_LEADER,
    SUPERVISOR,
    Panel,
    Person,
    Recusal,
    Room,
    StaffingProblem,
)

DEFAULT_MODULES = 1  # ARR-05: assessment modules of a sitting, each needs >= 1 examiner


def sitting_day(sitting: Sitting) -> date:
    """The day the registers are read for: the theory day, else the practical day."""
    return sitting.theory_on or sitting.practical_on or timezone.localdate()


def _rooms(sitting: Sitting) -> tuple[Room, ...]:
    arrangement = SeatArrangement.objects.filter(sitting=sitting).first()
    if arrangement is None:
        raise DomainError(
            "staffing_no_seating", "请先编排座位：监考员按考场人数安排（ARR-03）", rule="ARR-03"
        )
    counts = (
        Seat.objects.filter(arrangement=arrangement)
        .values("room_id", "room__number")
        .annotate(n=Count("id"))
        .order_by("room__number")
    )
    return tuple(Room(str(row["room_id"]), row["n"]) for row in counts if row["n"])


def _plan_day(sitting: Sitting) -> date:
    return sitting.theory_on or sitting.practical_on or sitting.created_at.date()


def _earlier_plans(sitting: Sitting, day: date) -> list[SittingStaffing]:
    """The institution's saved plans of sittings before `day`, the latest first."""
    plans = SittingStaffing.objects.filter(institution_id=sitting.institution_id).exclude(
        sitting=sitting
    )
    earlier = [p for p in plans.select_related("sitting") if _plan_day(p.sitting) < day]
    earlier.sort(key=lambda p: (_plan_day(p.sitting), p.pk), reverse=True)
    return earlier


@tenancy.across_institutions("ARR-06")
def _streaks(sitting: Sitting, day: date, person_ids: set[str]) -> dict[str, int]:
    """ARR-06 "an examiner serves the same institution at most 3 times in a row": per person,
    how many of their own latest services (as examiner, at any institution, before `day`)
    were at this institution in a row. A sitting of this institution they did not staff does
    not break the run; a service at another institution does."""
    rows = (
        StaffAssignment.objects.filter(role=StaffAssignment.EXAMINER, person_id__in=person_ids)
        .exclude(plan__sitting=sitting)
        .select_related("plan__sitting")
    )
    services: dict[str, dict[int, tuple]] = defaultdict(dict)  # person -> plan -> (day, inst)
    for a in rows:
        other = a.plan.sitting
        other_day = _plan_day(other)
        if other_day < day:
            services[str(a.person_id)][a.plan_id] = (other_day, a.plan_id, other.institution_id)
    streak: dict[str, int] = {}
    for pid, by_plan in services.items():
        n = 0
        for _, _, institution_id in sorted(by_plan.values(), reverse=True):  # latest first
            if institution_id != sitting.institution_id:
                break
            n += 1
        streak[pid] = n
    return streak


def _previous_panels(earlier: list[SittingStaffing]) -> dict[str, set[str]]:
    """ARR-06 rotation: per person, the occupations whose latest panel (at this institution)
    they sat on."""
    rows = StaffAssignment.objects.filter(
        plan__in=earlier, role=StaffAssignment.EXAMINER
    ).values_list("plan_id", "person_id", "occupation__code")
    panel_of: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for plan_id, person_id, code in rows:
        if code:
            panel_of[plan_id][code].add(str(person_id))
    previous: dict[str, set[str]] = defaultdict(set)
    seen_codes: set[str] = set()
    for plan in earlier:  # the latest panel of each occupation
        for code, members in panel_of[plan.pk].items():
            if code in seen_codes:
                continue
            for pid in members:
                previous[pid].add(code)
        seen_codes |= set(panel_of[plan.pk])
    return dict(previous)


def _history(
    sitting: Sitting, day: date, person_ids: set[str]
) -> tuple[dict[str, int], dict[str, set[str]]]:
    """ARR-06: consecutive services at this institution, and the previous panels."""
    earlier = _earlier_plans(sitting, day)
    previous = _previous_panels(earlier) if earlier else {}
    return _streaks(sitting, day, person_ids), previous


def problem_for_sitting(
    sitting: Sitting, *, seed: int, modules: int = DEFAULT_MODULES
) -> StaffingProblem:
    """The solver's input for `sitting`, read from its seat arrangement and the registers."""
    institution = sitting.institution
    day = sitting_day(sitting)
    rooms = _rooms(sitting)
    occupation = sitting.occupation
    panel = Panel(occupation.code, sitting.level, max(1, modules), occupation.name)

    roles: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    examiner_facts: dict[str, dict] = {}

    def add(person, role: str) -> None:
        pid = str(person.pk)
        roles[pid].add(role)
        names[pid] = person.name

    for s in staff_by_role(institution, ExamStaff.SITE_LEADER):
        add(s.person, SITE_LEADER)
    for s in staff_by_role(institution, ExamStaff.EXAM_AFFAIRS):
        add(s.person, EXAM_AFFAIRS)
    for s in proctor_candidates(institution, day):  # ARR-07: examiners left out
        add(s.person, PROCTOR)
    for s in supervisors_valid_on(institution, day, kind=QualitySupervisor.INTERNAL):
        add(s.person, SUPERVISOR)
    for e in examiners_valid_for(institution, occupation=occupation, level=sitting.level, day=day):
        add(e.person, EXAMINER)
        # examiners_valid_for already applied PEOPLE-04 (same or similar occupation).
        codes = {o.code for o in e.occupations.all()} | {occupation.code}
        examiner_facts[str(e.person_id)] = {
            "grade": e.grade,
            "occupations": frozenset(codes),
            "years": e.years_of_experience(day),
        }

    streak, previous = _history(sitting, day, set(examiner_facts))
    people = []
    for pid in sorted(roles, key=int):
        facts = examiner_facts.get(pid, {})
        people.append(
            Person(
                pid,
                names[pid],
                frozenset(roles[pid]),
                grade=facts.get("grade"),
                occupations=facts.get("occupations", frozenset()),
                years=facts.get("years", 0),
                consecutive_services=streak.get(pid, 0),
                previous_panels=frozenset(previous.get(pid, ())),
            )
        )
    recusals = tuple(
        Recusal(str(pid), "；".join(reasons))
        for pid, reasons in sorted(recusals_for_sitting(sitting).items())
        if str(pid) in roles
    )
    return StaffingProblem(
        sitting_id=str(sitting.pk),
        institution_id=str(institution.pk),
        rooms=rooms,
        panels=(panel,),
        people=tuple(people),
        recusals=recusals,
        seed=seed,
    )
