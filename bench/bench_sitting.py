"""A whole sitting end to end: seats + tickets (ARR-01, ARR-02) then staffing (ARR-03..08).

In the database: 3,000 approved candidates in 150 classes, 100 theory rooms of 30, 300 people
in the registers (site leaders, exam-affairs staff, internal supervisors, proctors,
examiners). Timed: `seating_arrange` (which numbers the tickets) and `staffing_plan_create`
(build the problem from the models, CP-SAT, save and audit the plan). Goal: <= 10 s total.
Baseline, same run: a plain shuffle + bulk insert of the 3,000 seat rows (bench_seating's).
"""

import time
from datetime import date, timedelta

from bench.bench_seating import CLASSES, ROOMS, N  # the same sitting (BENCH_SEATING_N)

STAFF = 300
TARGET_SECONDS = 10.0
# The 300 people of the registers: ARR-04 needs 1 + 3 + 2, ARR-03 200 proctors for 100 rooms.
MIX = {"site_leader": 3, "exam_affairs": 6, "supervisor": 6, "examiner": 30}
MIX["proctor"] = STAFF - sum(MIX.values())


def _data():
    from bench.bench_seating import _data as candidates_and_rooms
    from skillcert.people import services as ps
    from tests import factories as f

    # Same shape as bench_seating's sitting, in its own institution and birth region.
    sitting, rooms = candidates_and_rooms("整场基准学院", "410103")
    institution = sitting.institution
    k = 0
    for role, count in MIX.items():
        for _ in range(count):
            birth = (date(1970, 1, 1) + timedelta(days=k)).strftime("%Y%m%d")
            person = ps.person_get_or_create(
                name=f"{role}{k}", id_type="resident", id_number=f.resident_id(birth=birth, seq=k)
            )
            k += 1
            if role == "supervisor":
                ps.supervisor_add(
                    actor=None,
                    institution=institution,
                    person=person,
                    kind="internal",
                    assessment_since=date(2015, 1, 1),
                    card_number=f"D{k}",
                    card_issued_on=date(2025, 1, 1),
                )
            elif role == "examiner":
                ps.examiner_add(
                    actor=None,
                    institution=institution,
                    person=person,
                    grade="senior" if k % 3 == 0 else "examiner",
                    occupations=[f.occupation()],
                    skill_level=1 if k % 3 == 0 else 3,
                    skill_occupation=f.occupation(),
                    card_number=f"KP{k}",
                    card_issued_on=date(2025, 1, 1),
                    training_hours=48,
                    assessment_passed=True,
                    contract_start=date(2025, 1, 1),
                    first_assessed_on=date(2020, 1, 1) if k % 2 else None,
                )
            else:
                ps.staff_add(actor=None, institution=institution, person=person, role=role)
    return sitting, rooms


def run() -> None:
    from bench.bench_seating import _baseline, _best
    from skillcert.arrangement.models import Seat
    from skillcert.arrangement.services import seating_arrange
    from skillcert.arrangement.staffing.services import staffing_plan_create

    sitting, rooms = _data()
    _baseline(sitting, rooms)  # warm-up (query compilation, imports)
    base_s, _ = _best(lambda: _baseline(sitting, rooms))

    started = time.perf_counter()
    arrangement = seating_arrange(actor=None, sitting=sitting, rooms=rooms, seed=2026)
    seating_s = time.perf_counter() - started
    started = time.perf_counter()
    plan = staffing_plan_create(actor=None, sitting=sitting, seed=2026)
    staffing_s = time.perf_counter() - started
    total = seating_s + staffing_s
    seats = Seat.objects.filter(arrangement=arrangement).count()
    by_role = {}
    for role in plan.assignments.values_list("role", flat=True):
        by_role[role] = by_role.get(role, 0) + 1

    print(f"   {N} candidates, {CLASSES} classes, {ROOMS} rooms of 30, {STAFF} staff {MIX}")
    print(f"   baseline (shuffle + bulk insert {N} seat rows, no rules): {base_s:.2f} s")
    print(
        f"   seating_arrange (+ tickets): {seating_s:.2f} s, {seats} seats, "
        f"{arrangement.adjacent_classmates} classmate adjacencies left"
    )
    print(
        f"   staffing_plan_create (build + CP-SAT + save + audit): {staffing_s:.2f} s, "
        f"{sum(by_role.values())} people {by_role}, optimal: {plan.proven_optimal}"
    )
    verdict = "met" if total <= TARGET_SECONDS else "MISSED"
    print(
        f"   total {total:.2f} s (goal <= {TARGET_SECONDS:g} s: {verdict}); "
        f"ratio total/baseline: {total / base_s:.1f}x"
    )
