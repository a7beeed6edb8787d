"""Cheap counting checks run before CP-SAT: they say in words which rule fails and for whom."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from .problem import (
    EXAMINER,
    LEADER_MIN_YEARS,
    PROCTOR,
    ROLE_NAMES,
    RULE_WORDS,
    STAFF_NEEDS,
    Limits,
    Panel,
    StaffingProblem,
    Violation,
    examiner_blockers,
    is_returning,
    staff_blockers,
)

# Hall's condition is checked on every subset of demand groups up to this many groups;
# beyond it, on pairs, triples and the whole (2^n subsets would cost too much).
_FULL_HALL_GROUPS = 14
_NAMES_SHOWN = 8


@dataclass(frozen=True)
class Group:
    """A demand: a site role or an examiner panel, with the people who may fill it."""

    label: str
    rule: str
    need: int
    pool: tuple[str, ...]  # eligible person ids
    excluded: tuple[tuple[str, tuple[str, ...]], ...]  # (person id, blocking rules)
    panel: Panel | None = None


def demand_groups(problem: StaffingProblem, limits: Limits) -> list[Group]:
    groups = []
    proctors = sum(r.proctors_needed(limits) for r in problem.rooms)
    for role, need in [*STAFF_NEEDS.items(), (PROCTOR, proctors)]:
        pool, excluded = [], []
        for person in problem.people:
            if role not in person.roles:
                continue  # not a candidate at all: not worth naming
            blockers = staff_blockers(problem, person, role)
            (excluded.append((person.id, tuple(blockers))) if blockers else pool.append(person.id))
        rule = "ARR-03" if role == PROCTOR else "ARR-04"
        groups.append(Group(ROLE_NAMES[role], rule, need, tuple(pool), tuple(excluded)))
    for panel in problem.panels:
        pool, excluded = [], []
        for person in problem.people:
            if EXAMINER not in person.roles:
                continue
            blockers = examiner_blockers(problem, person, panel, limits)
            (excluded.append((person.id, tuple(blockers))) if blockers else pool.append(person.id))
        need = panel.examiners_needed(limits)
        groups.append(
            Group(f"{panel.label} 考评组", "ARR-05", need, tuple(pool), tuple(excluded), panel)
        )
    return groups


def explain(problem: StaffingProblem, limits: Limits | None = None) -> list[Violation]:
    """Reasons no plan can exist, found by counting; [] does not promise a plan exists."""
    limits = limits or Limits()
    groups = demand_groups(problem, limits)
    out = []
    for g in groups:
        out += _check_group(problem, g, limits)
    if not out:
        out += _check_hall(problem, groups)
    return out


def _names(problem: StaffingProblem, ids) -> str:
    ids = list(ids)
    shown = [problem.person(i).label for i in ids[:_NAMES_SHOWN]]
    more = f"等{len(ids)}人" if len(ids) > _NAMES_SHOWN else ""
    return "、".join(shown) + more


def _excluded_words(problem: StaffingProblem, excluded) -> str:
    """Who is unavailable and why; people who merely examine another occupation (PEOPLE-04
    alone) are only counted, or a large pool would drown the reasons that matter."""
    parts = []
    other_occupation = sum(1 for _, rules in excluded if tuple(rules) == ("PEOPLE-04",))
    named = [(pid, rules) for pid, rules in excluded if tuple(rules) != ("PEOPLE-04",)]
    for pid, rules in named[:_NAMES_SHOWN]:
        why = "、".join(
            f"{RULE_WORDS[r]} {r}"
            if r != "ARR-08"
            else f"因回避 {r}（{problem.recusal_reason(pid)}）"
            for r in rules
        )
        parts.append(f"{problem.person(pid).label}{why}不可用")
    if len(named) > _NAMES_SHOWN:
        parts.append(f"另有{len(named) - _NAMES_SHOWN}人不可用")
    if other_occupation:
        parts.append(f"另有{other_occupation}名考评员不能考评该职业 PEOPLE-04")
    return "；".join(parts)


def _check_group(problem: StaffingProblem, g: Group, limits: Limits) -> list[Violation]:
    out = []
    if len(g.pool) < g.need:
        unit = "考评员" if g.panel else ""
        detail = "、".join(
            filter(None, [_names(problem, g.pool), _excluded_words(problem, g.excluded)])
        )
        msg = f"{g.rule}：{g.label}需要{g.need}名{unit}，可用{len(g.pool)}名（{detail or '无'}）"
        ids = g.pool + tuple(pid for pid, _ in g.excluded)
        out.append(Violation(g.rule, "too_few_people", msg, ids))
        # One more reason per rule that removed people, naming just those people.
        for rule in sorted({r for _, rs in g.excluded for r in rs} - {g.rule}):
            who = tuple(pid for pid, rs in g.excluded if rule in rs)
            out.append(Violation(rule, "too_few_people", msg, who))
        return out
    if g.panel is not None:
        out += _check_panel_leader(problem, g)
        out += _check_rotation(problem, g, limits)
    return out


def _check_panel_leader(problem: StaffingProblem, g: Group) -> list[Violation]:
    if any(problem.person(pid).years >= LEADER_MIN_YEARS for pid in g.pool):
        return []
    msg = (
        f"ARR-05：{g.label}需要1名考评经历不少于{LEADER_MIN_YEARS}年的组长，"
        f"可用的考评员（{_names(problem, g.pool)}）都不满{LEADER_MIN_YEARS}年"
    )
    return [Violation("ARR-05", "no_panel_leader", msg, g.pool)]


def _check_rotation(problem: StaffingProblem, g: Group, limits: Limits) -> list[Violation]:
    panel = g.panel
    newcomers = [pid for pid in g.pool if not is_returning(problem.person(pid), panel)]
    if not any(is_returning(problem.person(pid), panel) for pid in g.pool):
        return []  # no previous panel among the eligible: nothing to rotate
    need_new = panel.newcomers_needed(limits)
    if len(newcomers) >= need_new:
        return []
    msg = (
        f"ARR-06：{g.label}每次至少轮换{limits.panel_rotation_share}，"
        f"{g.need}人中至少{need_new}人不能来自上一届考评组，"
        f"可用的新成员只有{len(newcomers)}名（{_names(problem, newcomers) or '无'}）"
    )
    return [Violation("ARR-06", "rotation_impossible", msg, tuple(newcomers))]


def _check_hall(problem: StaffingProblem, groups: list[Group]) -> list[Violation]:
    """ARR-07: a person fills one slot, so any set of demands needs that many distinct people."""
    index = {p.id: k for k, p in enumerate(problem.people)}
    masks = [sum(1 << index[pid] for pid in g.pool) for g in groups]  # bitsets: cheap unions
    n = len(groups)
    sizes = range(2, n + 1) if n <= _FULL_HALL_GROUPS else [2, 3]
    subsets = [c for k in sizes for c in combinations(range(n), k)]
    if n > _FULL_HALL_GROUPS:
        subsets.append(tuple(range(n)))
    for subset in subsets:  # by increasing size: the first failure is a smallest one
        need = sum(groups[i].need for i in subset)
        union = 0
        for i in subset:
            union |= masks[i]
        if union.bit_count() < need:
            people = {pid for i in subset for pid in groups[i].pool}
            labels = "、".join(groups[i].label for i in subset)
            msg = (
                f"ARR-07：一人一场只担任一个角色，{labels}共需{need}人，"
                f"能担任其中任一项的只有{len(people)}人（{_names(problem, sorted(people))}）"
            )
            return [Violation("ARR-07", "roles_overlap", msg, tuple(sorted(people)))]
    return []
