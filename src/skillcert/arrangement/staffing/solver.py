"""Staffing solver for one sitting (issue 3): site staff, proctors by lot and examiner panels.

A pure module: frozen dataclasses in (staffing.problem), a StaffingPlan out, or a
StaffingInfeasible error whose `violations` say in words which rule cannot be met and for whom.

Rules: ARR-03 (proctors 15:1, >= 2 a room, drawn by lot), ARR-04 (1 site leader, 3 internal
supervisors, 2 exam-affairs staff), ARR-05 (panels >= 3 and >= 1 per module, a leader of
>= 1 year), ARR-06 (rotation >= 1/3, at most 3 services in a row), ARR-07 (one role per person
and sitting), ARR-08 (recusal), PEOPLE-03 (grade vs level), PEOPLE-04 (occupations).

Model: one boolean per (person, slot) where the person is eligible; the lot is the objective,
seeded random weights on every variable. The weights make the optimum unique (with near
certainty), so the same seed gives the same plan whatever the order the workers finish in.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from ortools.sat.python import cp_model

from skillcert.core.errors import DomainError
from skillcert.core.rules import rules

from .check import check_plan
from .explain import explain
from .problem import (
    EXAM_AFFAIRS,
    EXAMINER,
    GRADE_EXAMINER,
    GRADE_SENIOR,
    LEADER_MIN_YEARS,
    PROCTOR,
    ROLES,
    SITE_LEADER,
    STAFF_NEEDS,
    SUPERVISOR,
    Assignment,
    Limits,
    Panel,
    Person,
    Recusal,
    Room,
    StaffingPlan,
    StaffingProblem,
    Violation,
    examiner_blockers,
    is_returning,
    staff_blockers,
)

__all__ = [
    "EXAM_AFFAIRS",
    "EXAMINER",
    "GRADE_EXAMINER",
    "GRADE_SENIOR",
    "PROCTOR",
    "ROLES",
    "SITE_LEADER",
    "STAFF_NEEDS",
    "SUPERVISOR",
    "Assignment",
    "Limits",
    "Panel",
    "Person",
    "Recusal",
    "Room",
    "StaffingInfeasible",
    "StaffingPlan",
    "StaffingProblem",
    "Violation",
    "check_plan",
    "default_limits",
    "explain",
    "solve",
]

# Rule families the diagnosis relaxes one at a time when CP-SAT proves infeasibility.
RELAXABLE = ("ARR-03", "ARR-04", "ARR-05", "ARR-06", "ARR-07", "ARR-08", "PEOPLE-03", "PEOPLE-04")
_WEIGHT_MAX = 1_000_000


class StaffingInfeasible(DomainError):
    """No plan meets the rules; `violations` name the rules and the people."""

    def __init__(self, violations: list[Violation]):
        self.violations = tuple(violations)
        rules = sorted({v.rule for v in violations if v.rule})
        text = "；".join(v.message for v in violations[:5])
        super().__init__("staffing_infeasible", f"无法安排本场人员：{text}", rule=",".join(rules))


def default_limits() -> Limits:
    """The rule values from settings.SKILLCERT_RULES when Django is configured."""
    if not settings.configured:
        return Limits()
    return Limits.from_rules(rules())


def solve(
    problem: StaffingProblem,
    limits: Limits | None = None,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
) -> StaffingPlan:
    """A plan meeting every rule, or StaffingInfeasible with the reasons."""
    limits = limits or default_limits()
    _validate(problem)
    reasons = explain(problem, limits)
    if reasons:
        raise StaffingInfeasible(reasons)
    model = _Model(problem, limits, frozenset(), with_lot=True)
    status = model.run(time_limit, workers)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return model.plan()
    if status == cp_model.INFEASIBLE:
        raise StaffingInfeasible(diagnose(problem, limits, time_limit=time_limit))
    raise DomainError("staffing_timeout", f"{time_limit:g} 秒内未找到人员安排方案，请稍后重试")


def _validate(problem: StaffingProblem) -> None:
    # Ids key the model's variables: a duplicate would silently merge two people or rooms.
    for what, ids in [
        ("人员", [p.id for p in problem.people]),
        ("考场", [r.id for r in problem.rooms]),
        ("考评组", [f"{p.occupation} {p.level}" for p in problem.panels]),
    ]:
        twice = sorted(i for i, n in Counter(ids).items() if n > 1)
        if twice:
            raise DomainError("staffing_duplicate", f"{what}重复：{'、'.join(twice)}")


def diagnose(
    problem: StaffingProblem, limits: Limits, *, time_limit: float = 10.0
) -> list[Violation]:
    """Relax one rule family at a time; those whose relaxation gives a plan are blocking.

    The relaxed plan is checked with check_plan, so the reasons name the people and slots
    that would have to break the rule.
    """
    out: list[Violation] = []
    for rule in RELAXABLE:
        model = _Model(problem, limits, frozenset({rule}), with_lot=False)
        status = model.run(time_limit / len(RELAXABLE), 1)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        for v in check_plan(problem, model.plan(), limits):
            if v.rule == rule:
                out.append(
                    Violation(rule, v.code, f"若不放宽 {rule} 则无解：{v.message}", v.person_ids)
                )
    if not out:
        msg = (
            "多条规则共同作用导致无解（逐条放宽 ARR-03~08、PEOPLE-03/04 均不足以解决），请增加人员"
        )
        out.append(Violation("", "combined_rules", msg))
    return out


@dataclass
class _Model:
    """The CP-SAT model; `relax` holds rule families left out (for the diagnosis)."""

    problem: StaffingProblem
    limits: Limits
    relax: frozenset[str]
    with_lot: bool
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    staff: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)  # (role, pid)
    panel: dict[tuple[int, str], cp_model.IntVar] = field(default_factory=dict)  # (panel, pid)
    lead: dict[tuple[int, str], cp_model.IntVar] = field(default_factory=dict)
    weight: dict[str, int] = field(default_factory=dict)  # proctor lot weight per pid
    lead_weight: dict[tuple[int, str], int] = field(default_factory=dict)
    # Breaches a relaxed model may use; the diagnosis minimises them, so the reasons name
    # as few people as possible.
    breaches: list = field(default_factory=list)
    solver: cp_model.CpSolver | None = None
    status: int = cp_model.UNKNOWN

    def __post_init__(self) -> None:
        rng = random.Random(self.problem.seed)
        terms = []
        for person in self.problem.people:
            # Drawn for everyone in a fixed order, so one person's weight does not depend
            # on who else happens to be eligible.
            draws = [rng.randrange(1, _WEIGHT_MAX) for _ in range(len(STAFF_NEEDS) + 1)]
            self.weight[person.id] = draws[-1]
            terms += self._add_staff_vars(person, draws)
            terms += self._add_panel_vars(person, rng)
        self._add_demands()
        self._add_one_role()
        if self.with_lot:
            self.model.maximize(sum(w * v for w, v in terms))
        elif self.breaches:
            self.model.minimize(sum(self.breaches))

    def _allowed(self, blockers: list[str]) -> bool:
        return set(blockers) <= self.relax

    def _new_var(self, name: str, blockers: list[str]) -> cp_model.IntVar:
        var = self.model.new_bool_var(name)
        if blockers:  # only possible because a rule family is relaxed
            self.breaches.append(var)
        return var

    def _add_staff_vars(self, person: Person, draws: list[int]) -> list:
        terms = []
        for k, role in enumerate([*STAFF_NEEDS, PROCTOR]):
            blockers = staff_blockers(self.problem, person, role)
            if self._allowed(blockers):
                var = self._new_var(f"{role}:{person.id}", blockers)
                self.staff[role, person.id] = var
                terms.append((draws[k], var))
        return terms

    def _add_panel_vars(self, person: Person, rng: random.Random) -> list:
        terms = []
        for p, panel in enumerate(self.problem.panels):
            # The leader is drawn after solving (see _leaders): weighting the lead variables
            # too made the optimum ten times slower to prove on the bench problem.
            w, w_lead = rng.randrange(1, _WEIGHT_MAX), rng.randrange(1, _WEIGHT_MAX)
            blockers = examiner_blockers(self.problem, person, panel, self.limits)
            if not self._allowed(blockers):
                continue
            var = self._new_var(f"ex{p}:{person.id}", blockers)
            self.panel[p, person.id] = var
            terms.append((w, var))
            if person.years >= LEADER_MIN_YEARS or "ARR-05" in self.relax:
                short = [] if person.years >= LEADER_MIN_YEARS else ["ARR-05"]
                lead = self._new_var(f"lead{p}:{person.id}", short)
                self.model.add_implication(lead, var)
                self.lead[p, person.id] = lead
                self.lead_weight[p, person.id] = w_lead
        return terms

    def _add_demands(self) -> None:
        proctors = sum(r.proctors_needed(self.limits) for r in self.problem.rooms)
        for role, need in [*STAFF_NEEDS.items(), (PROCTOR, proctors)]:
            self.model.add(sum(v for (r, _), v in self.staff.items() if r == role) == need)
        by_panel: dict[int, list[tuple[str, cp_model.IntVar]]] = {}
        for (p, pid), var in self.panel.items():
            by_panel.setdefault(p, []).append((pid, var))
        for p, panel in enumerate(self.problem.panels):
            members = by_panel.get(p, [])
            need = panel.examiners_needed(self.limits)
            self.model.add(sum(v for _, v in members) == need)  # ARR-05
            leads = [v for (q, _), v in self.lead.items() if q == p]
            self.model.add(sum(leads) == 1)  # ARR-05: one leader of >= 1 year
            self._add_rotation(panel, members, need)

    def _add_rotation(self, panel: Panel, members: list, need: int) -> None:
        # ARR-06: at least `share` of the panel is new, i.e. returning <= need - newcomers.
        returning = [v for pid, v in members if is_returning(self.problem.person(pid), panel)]
        if not returning:
            return
        bound = need - panel.newcomers_needed(self.limits)
        if "ARR-06" in self.relax:
            slack = self.model.new_int_var(0, len(returning), "rotation_slack")
            self.breaches.append(slack)
            self.model.add(sum(returning) <= bound + slack)
        else:
            self.model.add(sum(returning) <= bound)

    def _add_one_role(self) -> None:
        # ARR-07: one role per person and sitting (and one panel).
        per_person: dict[str, list[cp_model.IntVar]] = {}
        for (_, pid), var in [*self.staff.items(), *self.panel.items()]:
            per_person.setdefault(pid, []).append(var)
        for vars_ in per_person.values():
            if len(vars_) < 2:
                continue
            if "ARR-07" in self.relax:
                extra = self.model.new_int_var(0, len(vars_), "extra_roles")
                self.model.add(sum(vars_) <= 1 + extra)
                self.breaches.append(extra)
            else:
                self.model.add_at_most_one(vars_)

    def run(self, time_limit: float, workers: int) -> int:
        self.solver = cp_model.CpSolver()
        self.solver.parameters.max_time_in_seconds = max(time_limit, 0.1)
        self.solver.parameters.num_search_workers = max(1, min(workers, 2))  # 2 shared cores
        self.solver.parameters.random_seed = self.problem.seed % (2**31)
        self.status = self.solver.solve(self.model)
        return self.status

    def plan(self) -> StaffingPlan:
        value = self.solver.boolean_value
        out = [
            Assignment(pid, role)
            for (role, pid), v in self.staff.items()
            if role != PROCTOR and value(v)
        ]
        out += self._deal_proctors(
            [pid for (r, pid), v in self.staff.items() if r == PROCTOR and value(v)]
        )
        leaders = self._leaders()
        for (p, pid), var in self.panel.items():
            if value(var):
                is_lead = leaders.get(p) == pid
                out.append(
                    Assignment(pid, EXAMINER, panel=self.problem.panels[p].key, leader=is_lead)
                )
        optimal = self.status == cp_model.OPTIMAL
        return StaffingPlan(self.problem.sitting_id, self.problem.seed, tuple(out), optimal)

    def _leaders(self) -> dict[int, str]:
        """Per panel, the member with >= 1 year (ARR-05) of highest seeded weight.

        The model only proves such a member exists; choosing here keeps the choice
        reproducible by seed whichever optimal member set the workers returned first.
        """
        value = self.solver.boolean_value
        best: dict[int, tuple[int, str]] = {}
        for (p, pid), lead in self.lead.items():
            if not value(self.panel[p, pid]):
                continue
            if "ARR-05" in self.relax and not value(lead):
                continue  # the relaxed model's own choice of a leader without experience
            key = (self.lead_weight[p, pid], pid)
            best[p] = max(best.get(p, key), key)
        return {p: pid for p, (_, pid) in best.items()}

    def _deal_proctors(self, drawn: list[str]) -> list[Assignment]:
        # ARR-03: the lot order (seeded weight) decides who goes to which room, in room order.
        drawn.sort(key=lambda pid: (-self.weight[pid], pid))
        out, it = [], iter(drawn)
        for room in self.problem.rooms:
            for _ in range(room.proctors_needed(self.limits)):
                out.append(Assignment(next(it), PROCTOR, room_id=room.id))
        return out
