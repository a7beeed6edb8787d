"""Assembly of N parallel forms with OR-Tools CP-SAT (EXAM-02): a pure module, no Django.

Every form meets the blueprint (exact count per item type, items per difficulty within the
mix's bounds, knowledge-point minimums); any two forms share at most floor(15% × items per
form) items.

Scale: items of the same (type, difficulty, knowledge point) cell are interchangeable for
the blueprint. The first model therefore has one integer per (form, cell) — how many of the
cell's items the form takes — with the cell's stock as the limit for all forms together:
any solution gives N disjoint forms (overlap 0), and the items are dealt out of each cell in
a seeded random order. A 20,000-item bank has a few hundred cells, not 200,000 booleans.
When the bank is too small for disjoint forms, forms are made one after another, each
sharing at most k items with every earlier form and preferring the least-used items. If that
greedy order gets stuck, the joint exact model runs: a boolean per (form, item) and per (pair
of forms, item) held by both, at most k of those per pair. A large bank goes into these two
as a seeded sample per cell (POOL_FACTOR × what N forms need).

Counting checks (blueprint.counting_reasons) explain most infeasible blueprints before the
solver runs; a solver proof of infeasibility gets a general reason. The same seed gives the
same forms: shuffles come from the seed and CP-SAT runs one worker with that seed.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from skillcert.core.errors import DomainError

from .blueprint import (
    Candidate,
    Spec,
    check_forms,
    counting_reasons,
    max_overlap,
    overlap_matrix,
    spec_problems,
)
from .kinds import KIND_ORDER

POOL_FACTOR = 1.5  # pooled items per slot of N disjoint forms


@dataclass(frozen=True)
class Assembly:
    forms: list[list[int]]  # item ids per form, in paper order (by type)
    overlap: list[list[int]]  # shared items per pair of forms (diagonal: form size)
    max_overlap: int
    pool_size: int
    disjoint_model: bool
    seconds: float


class AssemblyInfeasible(DomainError):
    """No set of forms meets the blueprint and EXAM-02; `reasons` say why in Chinese."""

    def __init__(self, reasons: list[str], rule: str = "EXAM-02"):
        self.reasons = tuple(reasons)
        super().__init__("assembly_infeasible", "无法组卷：" + "；".join(reasons), rule=rule)


Cell = tuple[str, int, str]  # (kind, difficulty, knowledge point): interchangeable items


def _cells(spec: Spec, cands: list[Candidate]) -> dict[Cell, list[Candidate]]:
    out: dict[Cell, list[Candidate]] = {}
    for c in cands:
        if spec.counts.get(c.kind):
            out.setdefault((c.kind, c.difficulty, c.knowledge_point), []).append(c)
    return out


def _solver(seed: int, time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1  # one worker: the same seed gives the same forms
    solver.parameters.random_seed = seed % (2**31)
    solver.parameters.symmetry_level = 0  # forms are symmetric; detecting it costs seconds
    return solver


def _form_constraints(m, spec: Spec, terms: list[tuple[Cell, object]]) -> None:
    """One form's blueprint over (cell, count expression) terms."""
    for kind, need in spec.counts.items():
        m.Add(sum(v for (k, _, _), v in terms if k == kind) == need)
    for d, (lo, hi) in spec.difficulty_bounds().items():
        m.AddLinearConstraint(sum(v for (_, dd, _), v in terms if dd == d), lo, hi)
    for kp, need in spec.knowledge_points.items():
        m.Add(sum(v for (_, _, p), v in terms if p == kp) >= need)


def _solve_one(spec, keys, stock, *, seed, time_limit):
    """Counts per cell for one form within the cells' remaining stock, or None."""
    m = cp_model.CpModel()
    n = {c: m.NewIntVar(0, min(stock[c], spec.counts[c[0]]), "") for c in keys if stock[c]}
    _form_constraints(m, spec, list(n.items()))
    solver = _solver(seed, time_limit)
    status = solver.Solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, None
    return status, {c: solver.Value(v) for c, v in n.items()}


def _solve_disjoint(spec, cells, forms, rng, *, seed, time_limit):
    """Disjoint forms, one after the other, as counts per cell: items of a cell are
    interchangeable, so counts within the cell's remaining stock make a form that shares
    nothing with the earlier ones; the items are dealt out of each cell in a seeded random
    order. Stock running out for a later form is not proof: the exact model then runs."""
    keys = sorted(cells)
    stock = {c: len(cells[c]) for c in keys}
    dealt = {}
    for c in keys:
        dealt[c] = list(cells[c])
        rng.shuffle(dealt[c])
    started = time.perf_counter()
    chosen: list[list[Candidate]] = []
    for f in range(forms):
        rng.shuffle(keys)  # a different cell order per form varies which cells it draws
        left = time_limit - (time.perf_counter() - started)
        status, counts = _solve_one(spec, keys, stock, seed=seed + f, time_limit=max(left, 0.1))
        if counts is None:
            return status, None
        form = []
        for c, take in counts.items():
            at = len(cells[c]) - stock[c]
            form.extend(dealt[c][at : at + take])
            stock[c] -= take
        chosen.append(form)
    return cp_model.FEASIBLE, chosen


def _pool(cells, forms: int, spec: Spec, rng: random.Random) -> list[Candidate]:
    """Items for the exact model: all of a small bank; else a seeded sample per cell, about
    POOL_FACTOR × N × the type's count spread over its cells, at least one per cell."""
    total_by_kind: dict[str, int] = {}
    for (kind, _, _), items in cells.items():
        total_by_kind[kind] = total_by_kind.get(kind, 0) + len(items)
    pool = []
    for c in sorted(cells):
        items = list(cells[c])
        rng.shuffle(items)
        target = POOL_FACTOR * forms * spec.counts[c[0]]
        share = len(items) / total_by_kind[c[0]]
        pool.extend(items[: max(1, math.ceil(target * share))])
    rng.shuffle(pool)
    return pool


def _solve_sequential(spec, pool, forms, k, rng, *, seed, time_limit):
    """Forms one after another, each sharing at most k items with every earlier one and
    preferring the least-used items (seeded tie-break): small models, usually enough. A form
    that cannot be made is not proof; the joint model then runs."""
    started = time.perf_counter()
    cell = [(c.kind, c.difficulty, c.knowledge_point) for c in pool]
    used = [0] * len(pool)
    chosen: list[list[int]] = []
    for f in range(forms):
        m = cp_model.CpModel()
        x = [m.NewBoolVar("") for _ in pool]
        _form_constraints(m, spec, list(zip(cell, x, strict=True)))
        for earlier in chosen:
            m.Add(sum(x[i] for i in earlier) <= k)
        m.Minimize(sum((used[i] * 1000 + rng.randrange(1000)) * x[i] for i in range(len(pool))))
        left = time_limit - (time.perf_counter() - started)
        solver = _solver(seed + f, max(left, 0.1))
        solver.parameters.max_time_in_seconds = min(max(left, 0.1), 2.0)
        status = solver.Solve(m)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return status, None
        form = [i for i in range(len(pool)) if solver.Value(x[i])]
        for i in form:
            used[i] += 1
        chosen.append(form)
    return cp_model.FEASIBLE, [[pool[i] for i in form] for form in chosen]


def _solve_exact(spec, pool, forms, k, *, seed, time_limit):
    """One boolean per (form, item) and per (pair of forms, item) that both hold."""
    m = cp_model.CpModel()
    x = [[m.NewBoolVar("") for _ in pool] for _ in range(forms)]
    cell = [(c.kind, c.difficulty, c.knowledge_point) for c in pool]
    for f in range(forms):
        _form_constraints(m, spec, list(zip(cell, x[f], strict=True)))
    for f in range(forms):
        for g in range(f + 1, forms):
            both = []
            for i in range(len(pool)):
                y = m.NewBoolVar("")
                m.AddBoolOr([x[f][i].Not(), x[g][i].Not(), y])  # in both forms -> y
                both.append(y)
            m.Add(sum(both) <= k)
    solver = _solver(seed, time_limit)
    status = solver.Solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, None
    return status, [[c for i, c in enumerate(pool) if solver.Value(x[f][i])] for f in range(forms)]


def assemble(
    spec: Spec,
    cands: list[Candidate],
    *,
    forms: int,
    overlap_share: float,
    seed: int,
    time_limit: float = 20.0,
) -> Assembly:
    """N forms meeting `spec`, pairwise overlap <= floor(share × size); or AssemblyInfeasible."""
    started = time.perf_counter()
    if forms < 1:
        raise AssemblyInfeasible(["套数至少为1"])
    problems = spec_problems(spec)
    if problems:
        raise AssemblyInfeasible(problems, rule="")
    reasons = counting_reasons(spec, cands, forms, overlap_share)
    if reasons:
        raise AssemblyInfeasible(reasons)
    k = max_overlap(spec.size, overlap_share)
    rng = random.Random(seed)
    cells = _cells(spec, cands)
    status, chosen = _solve_disjoint(spec, cells, forms, rng, seed=seed, time_limit=time_limit)
    disjoint, pool_size = chosen is not None, sum(len(v) for v in cells.values())
    if chosen is None:
        pool = _pool(cells, forms, spec, rng)
        whole = len(pool) == pool_size
        pool_size = len(pool)
        left = max(1.0, time_limit - (time.perf_counter() - started))
        status, chosen = _solve_sequential(spec, pool, forms, k, rng, seed=seed, time_limit=left)
    if chosen is None:
        left = max(1.0, time_limit - (time.perf_counter() - started))
        status, chosen = _solve_exact(spec, pool, forms, k, seed=seed, time_limit=left)
    if chosen is None:
        if status == cp_model.INFEASIBLE and whole:
            reason = (
                f"题库中的已审核题目无法同时满足蓝图（题型、难度分布、知识点）和每两套重复"
                f"不超过 {k} 道（{overlap_share:.0%}，EXAM-02），请补充题目、放宽难度偏差或减少套数"
            )
        else:
            reason = (
                f"在 {time_limit:.0f} 秒内未找到满足蓝图和重复率要求的组卷方案，"
                "请更换随机种子或减少套数"
            )
        raise AssemblyInfeasible([reason])
    order = {kind: n for n, kind in enumerate(KIND_ORDER)}
    # Stable sort by type keeps the seeded order of the items within a type.
    ids = [[c.id for c in sorted(form, key=lambda c: order[c.kind])] for form in chosen]
    problems = check_forms(spec, ids, cands, overlap_share)
    if problems:  # a model bug, never a user error: refuse rather than store a bad paper
        raise AssertionError("; ".join(problems))
    return Assembly(
        forms=ids,
        overlap=overlap_matrix(ids),
        max_overlap=k,
        pool_size=pool_size,
        disjoint_model=disjoint,
        seconds=time.perf_counter() - started,
    )
