"""Writes of a sitting's staffing plan (ARR-03..08): generate with the CP-SAT solver, change
one assignment by hand after check_plan. Every change is audited."""

from __future__ import annotations

import secrets

from django.db import transaction

from skillcert.core.audit import AuditDraft, audit_record_many
from skillcert.core.errors import DomainError
from skillcert.people.models import Person as PersonRecord
from skillcert.plans.models import Sitting

from ..models import Room, SittingStaffing, StaffAssignment
from ..ratings.services import rated_refusal
from . import solver
from .build import problem_for_sitting
from .check import check_plan
from .problem import EXAMINER, PROCTOR, ROLES, Assignment, StaffingPlan

SOLVER_SECONDS = 10.0


def _snapshot(a: StaffAssignment) -> dict:
    return {
        "person": a.person_id,
        "role": a.role,
        "room": a.room_id,
        "occupation": a.occupation_id,
        "level": a.level,
        "leader": a.leader,
    }


def _draft(plan: SittingStaffing, a: StaffAssignment, action: str, before=None, after=None):
    return AuditDraft(action, a._meta.label_lower, str(a.pk), plan.institution_id, before, after)


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


@transaction.atomic
def staffing_plan_create(*, actor, sitting: Sitting, seed: int | None = None) -> SittingStaffing:
    """Staff the sitting by the rules with a seeded lot (ARR-03..08) and save the plan,
    replacing the previous one. No plan meets the rules: StaffingInfeasible (a DomainError
    naming the rules and the people) and nothing is stored."""
    if seed is None:
        seed = secrets.randbelow(2**31)
    elif not 0 <= seed <= 2**62:
        raise DomainError("seed_range", "随机种子应为0到2^62之间的整数", field="seed")
    Sitting.objects.select_for_update().filter(pk=sitting.pk).first()
    refusal = rated_refusal(sitting=sitting)  # PEOPLE-11: the rated staffing is settled
    if refusal:
        raise refusal
    problem = problem_for_sitting(sitting, seed=seed)
    result = solver.solve(problem, solver.default_limits(), time_limit=SOLVER_SECONDS)

    old = SittingStaffing.objects.filter(sitting=sitting).first()
    drafts: list[AuditDraft] = []
    if old is not None:
        for a in old.assignments.all():
            drafts.append(_draft(old, a, "staffing.remove", before=_snapshot(a)))
        old.assignments.all().delete()
        plan = old
        plan.seed = seed
    else:
        plan = SittingStaffing(institution_id=sitting.institution_id, sitting=sitting, seed=seed)
    plan.proven_optimal = result.proven_optimal
    plan.created_by = actor if _is_user(actor) else None
    plan.save()
    rows = [
        StaffAssignment(
            plan=plan,
            person_id=int(a.person_id),
            role=a.role,
            room_id=int(a.room_id) if a.room_id else None,
            occupation_id=sitting.occupation_id if a.role == EXAMINER else None,
            level=sitting.level if a.role == EXAMINER else None,
            leader=a.leader,
        )
        for a in result.assignments
    ]
    StaffAssignment.objects.bulk_create(rows, batch_size=1000)
    rows = list(plan.assignments.all())  # with keys on every database
    drafts.append(
        AuditDraft(
            "staffing.generate",
            plan._meta.label_lower,
            str(plan.pk),
            plan.institution_id,
            None,
            {"seed": seed, "assignments": len(rows), "proven_optimal": plan.proven_optimal},
        )
    )
    drafts += [_draft(plan, a, "staffing.assign", after=_snapshot(a)) for a in rows]
    audit_record_many(actor=actor, drafts=drafts)
    return plan


def _as_solver(a: StaffAssignment, sitting: Sitting) -> Assignment:
    return Assignment(
        str(a.person_id),
        a.role,
        room_id=str(a.room_id) if a.room_id else None,
        panel=(sitting.occupation.code, sitting.level) if a.role == EXAMINER else None,
        leader=a.leader,
    )


@transaction.atomic
def staffing_assignment_change(
    *,
    actor,
    plan: SittingStaffing,
    assignment: StaffAssignment,
    person: PersonRecord | None = None,
    role: str | None = None,
    room: Room | None = None,
    leader: bool | None = None,
) -> StaffAssignment:
    """Change one assignment by hand: another person, role, room or panel leadership.

    The edited plan is validated with check_plan (ARR-03..08, PEOPLE-03/04); any violation
    refuses the change with the rule. Making an examiner the panel leader hands the
    leadership over from the previous leader (ARR-05: one leader per panel)."""
    plan = SittingStaffing.objects.select_for_update().get(pk=plan.pk)
    if assignment.plan_id != plan.pk:
        raise DomainError("assignment_foreign", "该安排不属于本批次的人员安排")
    sitting = plan.sitting
    refusal = rated_refusal(sitting=sitting, person_ids={assignment.person_id})  # PEOPLE-11
    if refusal:
        raise refusal
    before = _snapshot(assignment)
    if role is not None and role not in ROLES:
        raise DomainError("staffing_role", f"角色“{role}”无效", field="role")
    new_role = role or assignment.role
    if person is not None:
        assignment.person = person
    assignment.role = new_role
    if new_role == PROCTOR:
        assignment.room = room or assignment.room
        if assignment.room is None:
            raise DomainError("staffing_room", "请选择监考考场", field="room", rule="ARR-03")
        if assignment.room.institution_id != plan.institution_id:
            raise DomainError("room_foreign", "所选考场不属于本机构", field="room", rule="ARR-03")
    else:
        assignment.room = None
    if new_role == EXAMINER:
        assignment.occupation_id, assignment.level = sitting.occupation_id, sitting.level
        if leader is not None:
            assignment.leader = leader
    else:
        assignment.occupation_id, assignment.level, assignment.leader = None, None, False

    others = list(plan.assignments.exclude(pk=assignment.pk))
    handed_over = []
    if new_role == EXAMINER and assignment.leader:
        for other in others:
            if other.role == EXAMINER and other.leader:
                handed_over.append((other, _snapshot(other)))
                other.leader = False
    problem = problem_for_sitting(sitting, seed=plan.seed)
    edited = StaffingPlan(
        str(sitting.pk),
        plan.seed,
        tuple(_as_solver(a, sitting) for a in [*others, assignment]),
    )
    violations = check_plan(problem, edited, solver.default_limits())
    if violations:
        rules = sorted({v.rule for v in violations if v.rule})
        text = "；".join(v.message for v in violations[:5])
        raise DomainError(
            "staffing_violation", f"不能这样修改人员安排：{text}", rule=",".join(rules)
        )
    drafts = []
    for other, other_before in handed_over:
        other.save(update_fields=["leader"])
        drafts.append(
            _draft(plan, other, "staffing.change", before=other_before, after=_snapshot(other))
        )
    assignment.save()
    drafts.append(
        _draft(plan, assignment, "staffing.change", before=before, after=_snapshot(assignment))
    )
    audit_record_many(actor=actor, drafts=drafts)
    return assignment
