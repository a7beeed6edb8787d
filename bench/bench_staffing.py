"""Staffing of one large sitting with CP-SAT against a greedy baseline measured in the same run.

Problem: 3,000 candidates in 100 rooms (200 proctors by lot), 300 staff with mixed roles,
10 occupation panels. Baseline: a greedy first-fit assignment of the same problem that ignores
rotation and recusal (ARR-06, ARR-08) and the lot; it is what a plan costs without a solver.
Goal (issue 3): the whole sitting (seats + tickets + staffing) within 10 s; this prints the
staffing part.
"""

import random
import time

from skillcert.arrangement.staffing.problem import level_ok
from skillcert.arrangement.staffing.solver import (
    EXAM_AFFAIRS,
    EXAMINER,
    GRADE_EXAMINER,
    GRADE_SENIOR,
    PROCTOR,
    SITE_LEADER,
    STAFF_NEEDS,
    SUPERVISOR,
    Limits,
    Panel,
    Person,
    Recusal,
    Room,
    StaffingProblem,
    check_plan,
    solve,
)

ROOMS, PER_ROOM, STAFF, PANELS = 100, 30, 300, 10
TARGET_SECONDS = 10.0


def make_problem(seed: int = 1) -> StaffingProblem:
    rng = random.Random(seed)
    occupations = [f"6-18-01-{k:02d}" for k in range(PANELS)]
    panels = tuple(
        Panel(occ, rng.choice([5, 4, 3, 2]), rng.randint(2, 4), f"职业{k}")
        for k, occ in enumerate(occupations)
    )
    people = []
    for i in range(STAFF):
        if i < 24:  # management: each can take one or two site roles
            roles = frozenset(rng.sample([SITE_LEADER, SUPERVISOR, EXAM_AFFAIRS], 2))
            people.append(Person(f"m{i}", f"管理{i}", roles | {PROCTOR}))
        elif i < 200:  # teachers: proctors, a quarter also examiners
            people.append(_examiner(rng, i, occupations) if i % 4 == 0 else _proctor(i))
        else:  # examiners, some also proctors
            people.append(_examiner(rng, i, occupations, proctor=i % 3 == 0))
    recusals = tuple(Recusal(p.id, "亲属参加认定") for p in rng.sample(people[24:], 10))
    rooms = tuple(Room(f"R{k:03d}", PER_ROOM) for k in range(ROOMS))
    return StaffingProblem("S-bench", "I-1", rooms, panels, tuple(people), recusals, seed)


def _proctor(i: int) -> Person:
    return Person(f"p{i}", f"教师{i}", frozenset({PROCTOR}))


def _examiner(rng: random.Random, i: int, occupations: list[str], proctor=True) -> Person:
    roles = {EXAMINER, PROCTOR} if proctor else {EXAMINER}
    occs = frozenset(rng.sample(occupations, 2))
    return Person(
        f"e{i}",
        f"考评{i}",
        frozenset(roles),
        grade=rng.choice([GRADE_EXAMINER, GRADE_SENIOR]),
        occupations=occs,
        years=rng.choice([0, 1, 2, 5]),
        consecutive_services=rng.choice([0, 1, 2, 3]),
        previous_panels=frozenset(o for o in occs if rng.random() < 0.3),
    )


def greedy(problem: StaffingProblem, limits: Limits) -> int:
    """First fit, scarce slots first; no rotation, recusal or lot. Returns people assigned."""
    used: set[str] = set()
    for panel in problem.panels:
        fits = [
            p
            for p in problem.people
            if EXAMINER in p.roles
            and panel.occupation in p.occupations
            and level_ok(p, panel.level)
        ]
        for p in [p for p in fits if p.id not in used][: panel.examiners_needed(limits)]:
            used.add(p.id)
    for role, need in STAFF_NEEDS.items():
        for p in [p for p in problem.people if role in p.roles and p.id not in used][:need]:
            used.add(p.id)
    proctors = sum(r.proctors_needed(limits) for r in problem.rooms)
    pool = [p for p in problem.people if PROCTOR in p.roles and p.id not in used]
    used.update(p.id for p in pool[:proctors])
    return len(used)


def run() -> None:
    limits = Limits()
    problem = make_problem()
    started = time.perf_counter()
    assigned = greedy(problem, limits)
    base = time.perf_counter() - started
    started = time.perf_counter()
    plan = solve(problem, limits, time_limit=TARGET_SECONDS)
    took = time.perf_counter() - started
    problems = check_plan(problem, plan, limits)
    print(f"   {ROOMS * PER_ROOM} candidates, {ROOMS} rooms, {STAFF} staff, {PANELS} panels")
    print(f"   greedy baseline (no rotation/recusal/lot): {base * 1000:.1f} ms, {assigned} people")
    print(
        f"   staffing CP-SAT: {took:.2f} s, {len(plan.assignments)} people, "
        f"check_plan violations: {len(problems)}, optimal: {plan.proven_optimal}"
    )
    print(
        f"   ratio solver/greedy: {took / max(base, 1e-9):.0f}x; "
        f"staffing share of the {TARGET_SECONDS:g} s sitting budget: {took / TARGET_SECONDS:.0%}"
    )
