"""Staffing a sitting from the models: the solver's input (ARR-03..08, PEOPLE-03/04/05/07),
the saved plan, hand changes refused by rule, the audit of every change."""

from datetime import date

import pytest

from skillcert.arrangement import services as arr
from skillcert.arrangement.models import SittingStaffing, StaffAssignment
from skillcert.arrangement.staffing.build import problem_for_sitting
from skillcert.arrangement.staffing.problem import (
    EXAM_AFFAIRS,
    EXAMINER,
    PROCTOR,
    SITE_LEADER,
    SUPERVISOR,
)
from skillcert.arrangement.staffing.services import (
    staffing_assignment_change,
    staffing_plan_create,
)
from skillcert.arrangement.staffing.solver import StaffingInfeasible
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.people import services as ps
from tests import factories as f
from tests.arrangement import helpers as h

_n = iter(range(10_000))


def who(name: str):
    return ps.person_get_or_create(
        name=name, id_type="resident", id_number=f.resident_id(birth="19800101", seq=next(_n))
    )


def add_examiner(institution, name, *, grade="examiner", first=date(2020, 1, 1), card=None):
    card = card or date(2025, 1, 1)
    kwargs = {"skill_level": 3, "skill_occupation": f.occupation()}
    if grade == "senior":
        kwargs = {"title": "senior"}
    return ps.examiner_add(
        actor=None,
        institution=institution,
        person=who(name),
        grade=grade,
        occupations=[f.occupation()],
        card_number=f"KP-{name}",
        card_issued_on=card,
        training_hours=48,
        assessment_passed=True,
        contract_start=card,
        first_assessed_on=first,
        **kwargs,
    )


def registers(institution, *, proctors=4, examiners=4, supervisors=3, exam_affairs=2):
    """The people a small sitting needs: ARR-04 staff, ARR-03 proctors, ARR-05 examiners."""
    out = {"examiners": [], "proctors": [], "supervisors": [], "exam_affairs": []}
    out["leader"] = ps.staff_add(
        actor=None, institution=institution, person=who("负责人甲"), role="site_leader"
    )
    for i in range(exam_affairs):
        out["exam_affairs"].append(
            ps.staff_add(
                actor=None, institution=institution, person=who(f"考务{i}"), role="exam_affairs"
            )
        )
    for i in range(proctors):
        out["proctors"].append(
            ps.staff_add(
                actor=None, institution=institution, person=who(f"监考{i}"), role="proctor"
            )
        )
    for i in range(supervisors):
        out["supervisors"].append(
            ps.supervisor_add(
                actor=None,
                institution=institution,
                person=f.as_manager(institution, who(f"督导{i}")),  # PEOPLE-07
                kind="internal",
                assessment_since=date(2015, 1, 1),
                card_number=f"D{i}",
                card_issued_on=date(2025, 1, 1),
            )
        )
    for i in range(examiners):
        out["examiners"].append(add_examiner(institution, f"考评{i}"))
    return out


def seated(sitting, enrol, *, rooms=2, per_room=30, candidates=None):
    """Approved candidates seated in `rooms` theory rooms of `per_room` desks."""
    from skillcert.arrangement.models import Room

    enrol(sitting, candidates if candidates is not None else rooms * per_room)
    made = list(Room.objects.filter(institution=sitting.institution)[:rooms])
    if len(made) < rooms:
        venue = h.venue(sitting.institution)
        made = h.theory_rooms(venue, rooms, rows=per_room // 6, columns=6)
    return arr.seating_arrange(actor=None, sitting=sitting, rooms=made, seed=7)


def staffed_sitting(sitting, enrol, **kw):
    seated(sitting, enrol)
    return registers(sitting.institution, **kw)


# --- the solver's input ---------------------------------------------------------------------


def test_problem_reads_rooms_and_registers_ARR_03_ARR_04(sitting, enrol):
    people = staffed_sitting(sitting, enrol)
    problem = problem_for_sitting(sitting, seed=1)
    assert sorted(r.candidates for r in problem.rooms) == [30, 30]
    assert [(p.occupation, p.level, p.modules) for p in problem.panels] == [("6-18-01-01", 4, 1)]
    by_id = {p.id: p for p in problem.people}
    assert by_id[str(people["leader"].person_id)].roles == {SITE_LEADER}
    assert by_id[str(people["supervisors"][0].person_id)].roles == {SUPERVISOR}
    assert by_id[str(people["exam_affairs"][0].person_id)].roles == {EXAM_AFFAIRS}
    assert by_id[str(people["proctors"][0].person_id)].roles == {PROCTOR}
    ex = by_id[str(people["examiners"][0].person_id)]
    assert ex.roles == {EXAMINER} and ex.grade == "examiner" and ex.years == 6
    assert "6-18-01-01" in ex.occupations


def test_problem_needs_a_seating_ARR_03(sitting, enrol):
    registers(sitting.institution)
    with pytest.raises(DomainError) as err:
        problem_for_sitting(sitting, seed=1)
    assert err.value.rule == "ARR-03"


def test_expired_examiner_and_supervisor_left_out_PEOPLE_05_PEOPLE_07(sitting, enrol):
    staffed_sitting(sitting, enrol)
    old = add_examiner(sitting.institution, "过期考评", card=date(2022, 1, 1))
    sup = ps.supervisor_add(
        actor=None,
        institution=sitting.institution,
        person=f.as_manager(sitting.institution, who("过期督导")),  # PEOPLE-07
        kind="internal",
        assessment_since=date(2015, 1, 1),
        card_number="DX",
        card_issued_on=date(2022, 1, 1),
    )
    ids = {p.id for p in problem_for_sitting(sitting, seed=1).people}
    assert str(old.person_id) not in ids and str(sup.person_id) not in ids


def test_level_2_sitting_needs_senior_examiners_PEOPLE_03(institution, enrol):
    s = f.sitting(institution, level=2, theory_on=date(2026, 6, 1))
    staffed_sitting(s, enrol)
    with pytest.raises(StaffingInfeasible) as err:
        staffing_plan_create(actor=None, sitting=s, seed=1)
    assert "ARR-05" in err.value.rule
    for i in range(3):
        add_examiner(institution, f"高级{i}", grade="senior")
    plan = staffing_plan_create(actor=None, sitting=s, seed=1)
    assert plan.assignments.filter(role=EXAMINER).count() == 3


def test_recusal_of_a_teacher_ARR_08(sitting, enrol):
    people = staffed_sitting(sitting, enrol, examiners=3)
    h.set_classes(list(sitting.registrations.all()), ["数控2201"])
    teacher = people["examiners"][0].person
    ps.taught_class_add(
        actor=None, institution=sitting.institution, teacher=teacher, class_name="数控2201"
    )
    problem = problem_for_sitting(sitting, seed=1)
    assert [r.person_id for r in problem.recusals] == [str(teacher.pk)]
    assert "数控2201" in problem.recusals[0].reason
    with pytest.raises(StaffingInfeasible) as err:
        staffing_plan_create(actor=None, sitting=sitting, seed=1)
    assert "ARR-08" in err.value.rule and teacher.name in err.value.message
    assert not SittingStaffing.objects.filter(sitting=sitting).exists()  # nothing stored


# --- generating and saving ------------------------------------------------------------------


def test_plan_fills_every_role_and_is_audited_ARR_03_ARR_04_ARR_05(sitting, enrol):
    staffed_sitting(sitting, enrol)
    plan = staffing_plan_create(actor=None, sitting=sitting, seed=42)
    roles = {r: plan.assignments.filter(role=r).count() for r, _ in StaffAssignment.ROLES}
    assert roles == {SITE_LEADER: 1, SUPERVISOR: 3, EXAM_AFFAIRS: 2, PROCTOR: 4, EXAMINER: 3}
    for room in plan.sitting.seat_arrangement.rooms.all():
        assert plan.assignments.filter(role=PROCTOR, room=room).count() == 2
    examiners = plan.assignments.filter(role=EXAMINER)
    assert examiners.filter(leader=True).count() == 1
    assert {(a.occupation.code, a.level) for a in examiners} == {("6-18-01-01", 4)}
    assert plan.seed == 42
    assert AuditEntry.objects.filter(action="staffing.assign").count() == 13
    assert AuditEntry.objects.filter(action="staffing.generate", object_id=str(plan.pk)).exists()


def test_same_seed_same_plan_and_regenerate_replaces_ARR_03(sitting, enrol):
    staffed_sitting(sitting, enrol, proctors=8)

    def snapshot(plan):
        return sorted(plan.assignments.values_list("person_id", "role", "room_id", "leader"))

    first = snapshot(staffing_plan_create(actor=None, sitting=sitting, seed=5))
    again = staffing_plan_create(actor=None, sitting=sitting, seed=5)
    assert snapshot(again) == first
    assert SittingStaffing.objects.filter(sitting=sitting).count() == 1
    assert AuditEntry.objects.filter(action="staffing.remove").count() == 13


def test_too_few_proctors_names_the_rule_ARR_03(sitting, enrol):
    staffed_sitting(sitting, enrol, proctors=3)
    with pytest.raises(StaffingInfeasible) as err:
        staffing_plan_create(actor=None, sitting=sitting, seed=1)
    assert "ARR-03" in err.value.rule and "监考员" in err.value.message


def past_plan(sitting, examiners):
    """A saved plan of an earlier sitting in which `examiners` sat on the panel."""
    plan = SittingStaffing.objects.create(
        institution_id=sitting.institution_id, sitting=sitting, seed=1
    )
    for e in examiners:
        StaffAssignment.objects.create(
            plan=plan,
            person=e.person,
            role=EXAMINER,
            occupation=sitting.occupation,
            level=sitting.level,
        )
    return plan


def test_rotation_and_consecutive_services_from_saved_plans_ARR_06(institution, enrol):
    people = registers(institution, examiners=3)
    trio = people["examiners"]
    for d in (1, 2, 3):  # the same 3 examined the last three sittings in a row
        past_plan(f.sitting(institution, theory_on=date(2026, 3, d)), trio)
    later = f.sitting(institution, theory_on=date(2026, 6, 1))
    seated(later, enrol, rooms=1, candidates=10)
    problem = problem_for_sitting(later, seed=1)
    for e in trio:
        p = problem.person(str(e.person_id))
        assert p.consecutive_services == 3 and p.previous_panels == {"6-18-01-01"}
    with pytest.raises(StaffingInfeasible) as err:
        staffing_plan_create(actor=None, sitting=later, seed=1)
    assert "ARR-06" in err.value.rule
    newcomers = [add_examiner(institution, f"新考评{i}") for i in range(3)]
    plan = staffing_plan_create(actor=None, sitting=later, seed=1)
    assert {a.person_id for a in plan.assignments.filter(role=EXAMINER)} == {
        e.person_id for e in newcomers
    }


def test_streak_counts_own_services_not_sittings_they_missed_ARR_06(institution, enrol):
    """ARR-06 (changed by issue 16 item 8): the run is over the examiner's own services; a
    sitting of the institution they did not staff does not reset it."""
    trio = registers(institution, examiners=3)["examiners"]
    past_plan(f.sitting(institution, theory_on=date(2026, 3, 1)), trio)
    past_plan(f.sitting(institution, theory_on=date(2026, 3, 2)), trio[:1])
    later = f.sitting(institution, theory_on=date(2026, 6, 1))
    past_plan(f.sitting(institution, theory_on=date(2026, 7, 1)), trio)  # after: not counted
    seated(later, enrol, rooms=1, candidates=10)
    problem = problem_for_sitting(later, seed=1)
    streaks = [problem.person(str(e.person_id)).consecutive_services for e in trio]
    assert streaks == [2, 1, 1]
    panels = [problem.person(str(e.person_id)).previous_panels for e in trio]
    assert panels == [{"6-18-01-01"}, set(), set()]  # only the latest panel counts


def test_item8_three_own_services_in_a_row_block_despite_gaps_ARR_06(
    institution, other_institution, enrol
):
    """Issue 16 item 8 (ARR-06): three services in a row at the same institution block a
    fourth, even when other sittings of the institution (staffed by others) came between;
    a service at another institution breaks the run."""
    people = registers(institution, examiners=6)
    trio, others = people["examiners"][:3], people["examiners"][3:]
    for d in (1, 5, 9):
        past_plan(f.sitting(institution, theory_on=date(2026, 3, d)), trio)
    for d in (3, 7):  # sittings between, staffed by the other three
        past_plan(f.sitting(institution, theory_on=date(2026, 3, d)), others)
    past_plan(f.sitting(other_institution, theory_on=date(2026, 3, 8)), others[:1])
    later = f.sitting(institution, theory_on=date(2026, 6, 1))
    seated(later, enrol, rooms=1, candidates=10)
    problem = problem_for_sitting(later, seed=1)
    assert [problem.person(str(e.person_id)).consecutive_services for e in trio] == [3, 3, 3]
    assert [problem.person(str(e.person_id)).consecutive_services for e in others] == [0, 2, 2]
    plan = staffing_plan_create(actor=None, sitting=later, seed=1)
    chosen = set(plan.assignments.filter(role=EXAMINER).values_list("person_id", flat=True))
    assert chosen == {e.person_id for e in others}  # none of the trio serves a 4th time


def test_previous_panel_rotates_one_third_ARR_06(institution, enrol):
    first = f.sitting(institution, theory_on=date(2026, 3, 1))
    registers(institution, examiners=3)
    seated(first, enrol, rooms=1, candidates=10)
    staffing_plan_create(actor=None, sitting=first, seed=1)
    extra = add_examiner(institution, "第四名")
    later = f.sitting(institution, theory_on=date(2026, 6, 1))
    seated(later, enrol, rooms=1, candidates=10)
    plan = staffing_plan_create(actor=None, sitting=later, seed=1)
    panel = set(plan.assignments.filter(role=EXAMINER).values_list("person_id", flat=True))
    assert extra.person_id in panel and len(panel) == 3  # >= 1 of 3 is new


# --- hand changes -----------------------------------------------------------------------


def test_hand_change_refused_for_an_examiner_proctoring_ARR_07(sitting, enrol):
    staffed_sitting(sitting, enrol)
    plan = staffing_plan_create(actor=None, sitting=sitting, seed=3)
    proctor = plan.assignments.filter(role=PROCTOR).first()
    examiner = plan.assignments.filter(role=EXAMINER).first()
    with pytest.raises(DomainError) as err:
        staffing_assignment_change(
            actor=None, plan=plan, assignment=proctor, person=examiner.person
        )
    assert "ARR-07" in err.value.rule or "ARR-03" in err.value.rule
    proctor.refresh_from_db()
    assert proctor.person_id != examiner.person_id


def test_hand_change_to_a_spare_proctor_is_audited_ARR_03(sitting, enrol):
    people = staffed_sitting(sitting, enrol, proctors=5)
    plan = staffing_plan_create(actor=None, sitting=sitting, seed=3)
    used = set(plan.assignments.values_list("person_id", flat=True))
    spare = next(p.person for p in people["proctors"] if p.person_id not in used)
    proctor = plan.assignments.filter(role=PROCTOR).first()
    old = proctor.person_id
    staffing_assignment_change(actor=None, plan=plan, assignment=proctor, person=spare)
    proctor.refresh_from_db()
    assert proctor.person_id == spare.pk
    entry = AuditEntry.objects.filter(action="staffing.change").get()
    assert entry.before["person"] == old and entry.after["person"] == spare.pk


def test_hand_change_leaves_a_room_short_ARR_03(sitting, enrol):
    staffed_sitting(sitting, enrol)
    plan = staffing_plan_create(actor=None, sitting=sitting, seed=3)
    rooms = list(plan.sitting.seat_arrangement.rooms.all())
    moved = plan.assignments.filter(role=PROCTOR, room=rooms[0]).first()
    with pytest.raises(DomainError) as err:
        staffing_assignment_change(actor=None, plan=plan, assignment=moved, room=rooms[1])
    assert err.value.rule == "ARR-03" and "需要2名监考员" in err.value.message


def test_leader_hand_over_and_inexperienced_leader_refused_ARR_05(sitting, enrol):
    staffed_sitting(sitting, enrol, examiners=3)
    plan = staffing_plan_create(actor=None, sitting=sitting, seed=3)
    member = plan.assignments.filter(role=EXAMINER, leader=False).first()
    staffing_assignment_change(actor=None, plan=plan, assignment=member, leader=True)
    leaders = list(plan.assignments.filter(role=EXAMINER, leader=True))
    assert [a.pk for a in leaders] == [member.pk]
    assert AuditEntry.objects.filter(action="staffing.change").count() == 2
    novice = add_examiner(sitting.institution, "新手", first=None)
    with pytest.raises(DomainError) as err:
        staffing_assignment_change(
            actor=None, plan=plan, assignment=member, person=novice.person, leader=True
        )
    assert err.value.rule == "ARR-05"
