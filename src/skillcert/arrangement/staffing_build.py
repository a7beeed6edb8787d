"""Build the staffing solver's input (staffing_types.StaffingProblem) from the models.

Rooms and candidate counts come from the sitting's seat arrangement (ARR-03); the panel
from the sitting's occupation and level (ARR-05); the people from the registers of the
institution: site leaders, exam-affairs staff and proctors (ExamStaff, ARR-03/04), internal
quality supervisors valid on the day (PEOPLE-07, ARR-04), examiners valid for the
occupation and level (PEOPLE-03..05); recusals (ARR-08); consecutive services and previous
panels from the institution's earlier saved staffing plans (ARR-06).

Person ids in the problem are people.Person primary keys as strings, room ids Room keys.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.db.models import Count
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.people.models import ExamStaff, QualitySupervisor
from skillcert.people.selectors import (
    examiners_valid_for,
    proctor_candidates,
    recusals_for_sitting,
    staff_by_role,
    supervisors_valid_on,
)
from skillcert.plans.models import Sitting

from .models import Seat, SeatArrangement, SittingStaffing, StaffAssignment
from .staffing_types import (
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


def _history(sitting: Sitting, day: date) -> tuple[dict[str, int], dict[str, set[str]]]:
    """ARR-06 from the institution's saved plans of earlier sittings: per person, how many
    sittings in a row (the latest first) they examined, and the occupations whose last
    panel they sat on."""
    earlier = []
    plans = SittingStaffing.objects.filter(institution_id=sitting.institution_id).exclude(
        sitting=sitting
    )
    for plan in plans.select_related("sitting"):
        other = plan.sitting
        other_day = other.theory_on or other.practical_on or other.created_at.date()
        if other_day < day:
            earlier.append((other_day, plan.pk, plan))
    earlier.sort(key=lambda t: (t[0], t[1]), reverse=True)  # latest first
    if not earlier:
        return {}, {}
    rows = StaffAssignment.objects.filter(
        plan__in=[p for _, _, p in earlier], role=StaffAssignment.EXAMINER
    ).values_list("plan_id", "person_id", "occupation__code")
    examined: dict[int, set[str]] = defaultdict(set)  # plan -> person ids
    panel_of: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for plan_id, person_id, code in rows:
        examined[plan_id].add(str(person_id))
        if code:
            panel_of[plan_id][code].add(str(person_id))
    streak: dict[str, int] = Counter()
    broken: set[str] = set()
    everyone = set().union(*examined.values()) if examined else set()
    for _, plan_id, _ in earlier:
        for pid in everyone - broken:
            if pid in examined[plan_id]:
                streak[pid] += 1
            else:
                broken.add(pid)
    previous: dict[str, set[str]] = defaultdict(set)
    seen_codes: set[str] = set()
    for _, plan_id, _ in earlier:  # the latest panel of each occupation
        for code, members in panel_of[plan_id].items():
            if code in seen_codes:
                continue
            for pid in members:
                previous[pid].add(code)
        seen_codes |= set(panel_of[plan_id])
    return dict(streak), dict(previous)


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

    streak, previous = _history(sitting, day)
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
