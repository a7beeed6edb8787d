"""check_plan: validate a (possibly hand-edited) staffing plan against ARR-03..08, PEOPLE-03/04."""

from __future__ import annotations

from collections import Counter

from .problem import (
    EXAMINER,
    LEADER_MIN_YEARS,
    PROCTOR,
    ROLE_NAMES,
    RULE_WORDS,
    STAFF_NEEDS,
    Assignment,
    Limits,
    Panel,
    StaffingPlan,
    StaffingProblem,
    Violation,
    examiner_blockers,
    is_returning,
    staff_blockers,
)


def check_plan(
    problem: StaffingProblem, plan: StaffingPlan, limits: Limits | None = None
) -> list[Violation]:
    """Every rule the plan breaks, with the rule ID and the people concerned; [] if none."""
    limits = limits or Limits()
    return [
        *_check_people(problem, plan, limits),
        *_check_one_role(plan),
        *_check_staff_counts(plan),
        *_check_rooms(problem, plan, limits),
        *_check_panels(problem, plan, limits),
    ]


def _check_people(problem: StaffingProblem, plan: StaffingPlan, limits: Limits) -> list[Violation]:
    out = []
    panels = {p.key: p for p in problem.panels}
    for a in plan.assignments:
        person = problem.person(a.person_id)
        if person is None:
            out.append(
                Violation(
                    "", "unknown_person", f"人员 {a.person_id} 不在本场人员名单中", (a.person_id,)
                )
            )
            continue
        if a.role == EXAMINER:
            panel = panels.get(a.panel) if a.panel else None
            if panel is None:
                msg = f"{person.label} 被安排到不存在的考评组 {a.panel}"
                out.append(Violation("ARR-05", "unknown_panel", msg, (person.id,)))
                continue
            blockers = examiner_blockers(problem, person, panel, limits)
            where = f"{panel.label} 考评组"
        else:
            blockers = staff_blockers(problem, person, a.role)
            where = ROLE_NAMES.get(a.role, a.role)
        for rule in blockers:
            msg = f"{rule}：{person.label} 不能担任{where}（{_why(problem, person.id, rule)}）"
            out.append(Violation(rule, "not_eligible", msg, (person.id,)))
    return out


def _why(problem: StaffingProblem, person_id: str, rule: str) -> str:
    if rule == "ARR-08":
        return f"回避：{problem.recusal_reason(person_id)}"
    return RULE_WORDS[rule]


def _check_one_role(plan: StaffingPlan) -> list[Violation]:
    # ARR-07: one role per person and sitting (a supervisor never examines in the same
    # sitting, an examiner never proctors); also one panel and one room per person.
    counts = Counter(a.person_id for a in plan.assignments)
    out = []
    for pid, n in counts.items():
        if n > 1:
            roles = "、".join(
                ROLE_NAMES.get(a.role, a.role) for a in plan.assignments if a.person_id == pid
            )
            msg = f"ARR-07：{pid} 同场担任多个角色（{roles}）"
            out.append(Violation("ARR-07", "several_roles", msg, (pid,)))
    return out


def _check_staff_counts(plan: StaffingPlan) -> list[Violation]:
    out = []
    for role, need in STAFF_NEEDS.items():
        have = plan.people_in(role)
        if len(have) < need:
            msg = f"ARR-04：需要{need}名{ROLE_NAMES[role]}，只安排了{len(have)}名"
            out.append(Violation("ARR-04", "staff_short", msg, tuple(have)))
    return out


def _check_rooms(problem: StaffingProblem, plan: StaffingPlan, limits: Limits) -> list[Violation]:
    out = []
    rooms = {r.id for r in problem.rooms}
    for a in plan.assignments:
        if a.role == PROCTOR and a.room_id not in rooms:
            msg = f"ARR-03：监考员 {a.person_id} 未安排到本场考场（{a.room_id}）"
            out.append(Violation("ARR-03", "unknown_room", msg, (a.person_id,)))
    for room in problem.rooms:
        have = plan.room_proctors(room.id)
        need = room.proctors_needed(limits)
        if len(have) < need:
            msg = (
                f"ARR-03：考场 {room.id}（{room.candidates}人）"
                f"需要{need}名监考员，只有{len(have)}名"
            )
            out.append(Violation("ARR-03", "proctors_short", msg, tuple(have)))
    return out


def _check_panels(problem: StaffingProblem, plan: StaffingPlan, limits: Limits) -> list[Violation]:
    out = []
    for panel in problem.panels:
        members = plan.panel_members(panel.key)
        out += _check_panel(problem, panel, members, limits)
    return out


def _check_panel(
    problem: StaffingProblem, panel: Panel, members: list[Assignment], limits: Limits
) -> list[Violation]:
    out = []
    ids = tuple(a.person_id for a in members)
    need = panel.examiners_needed(limits)
    if len(members) < need:
        msg = (
            f"ARR-05：{panel.label} 考评组需要{need}名考评员"
            f"（{panel.modules}个模块），只有{len(members)}名"
        )
        out.append(Violation("ARR-05", "panel_short", msg, ids))
    leaders = [a for a in members if a.leader]
    if len(leaders) != 1:
        msg = f"ARR-05：{panel.label} 考评组应有且只有1名组长，现有{len(leaders)}名"
        out.append(
            Violation("ARR-05", "panel_leader_count", msg, tuple(a.person_id for a in leaders))
        )
    for a in leaders:
        person = problem.person(a.person_id)
        if person is not None and person.years < LEADER_MIN_YEARS:
            msg = (
                f"ARR-05：{panel.label} 考评组组长 {person.label} 考评经历不足{LEADER_MIN_YEARS}年"
            )
            out.append(Violation("ARR-05", "leader_experience", msg, (person.id,)))
    people = [p for p in (problem.person(i) for i in ids) if p is not None]
    returning = [p.id for p in people if is_returning(p, panel)]
    # ARR-06: at least `share` of the members are new: returning <= (1 - share) * size.
    if returning and len(returning) > (1 - limits.panel_rotation_share) * len(people):
        msg = (
            f"ARR-06：{panel.label} 考评组至少轮换{limits.panel_rotation_share}，"
            f"{len(people)}人中{len(returning)}人来自上一届考评组"
        )
        out.append(Violation("ARR-06", "panel_not_rotated", msg, tuple(returning)))
    return out
