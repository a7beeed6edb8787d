"""Blueprint arithmetic and checks, without Django: what a form must hold (EXAM-02).

A `Spec` says per item type how many items a form has, the share of items per difficulty
(1..5) within a tolerance, and the knowledge points each form must cover at least `n` times.
Difficulty shares count items, not points. `counting_reasons` explains, before any solver
runs, the cases a count proves impossible; `check_forms` verifies a finished assembly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations

from .kinds import KIND_LABELS, KIND_ORDER

_EPS = 1e-9


@dataclass(frozen=True)
class Candidate:
    """A reviewed item the assembly may use."""

    id: int
    kind: str
    difficulty: int
    knowledge_point: str


@dataclass(frozen=True)
class Spec:
    counts: dict[str, int]  # kind -> items per form
    difficulty_mix: dict[int, float] = field(default_factory=dict)  # difficulty -> share
    tolerance: float = 0.05
    knowledge_points: dict[str, int] = field(default_factory=dict)  # code -> minimum per form

    @property
    def size(self) -> int:
        return sum(self.counts.values())

    def difficulty_bounds(self) -> dict[int, tuple[int, int]]:
        """Items per difficulty allowed in a form: [ceil((s-t)n), floor((s+t)n)]; {} = free."""
        if not self.difficulty_mix:
            return {}
        n, t = self.size, self.tolerance
        out = {}
        for d in range(1, 6):
            s = float(self.difficulty_mix.get(d, 0))
            lo = max(0, math.ceil((s - t) * n - _EPS))
            hi = min(n, math.floor((s + t) * n + _EPS))
            out[d] = (lo, hi)
        return out


def max_overlap(items_per_form: int, share: float) -> int:
    """EXAM-02: two forms may share at most floor(share × items per form) items."""
    return math.floor(items_per_form * share + _EPS)


def spec_problems(spec: Spec) -> list[str]:
    """A blueprint that contradicts itself, whatever the bank holds."""
    out = []
    if spec.size <= 0:
        out.append("蓝图至少需要一种题型的题量大于0")
    unknown = [k for k in spec.counts if k not in KIND_LABELS]
    if unknown:
        out.append(f"未知题型：{'、'.join(unknown)}")
    if any(c < 0 for c in spec.counts.values()):
        out.append("题量不能为负数")
    if spec.difficulty_mix:
        total = sum(float(v) for v in spec.difficulty_mix.values())
        if abs(total - 1) > 0.001:
            out.append(f"难度分布各档比例之和应为100%，现为{total:.0%}")
        bounds = spec.difficulty_bounds()
        if sum(lo for lo, _ in bounds.values()) > spec.size:
            out.append("难度分布的下限之和超过每套题量，请放宽允许偏差")
        if sum(hi for _, hi in bounds.values()) < spec.size:
            out.append("难度分布的上限之和不足每套题量，请放宽允许偏差")
    if sum(spec.knowledge_points.values()) > spec.size:
        out.append("知识点最少题数之和超过每套题量")
    return out


def min_pair_overlaps(uses: int, items: int) -> int:
    """Fewest shared-item pairs when `uses` slots are filled from `items` distinct items:
    spread evenly, an item used u times is shared by C(u, 2) pairs of forms."""
    if items <= 0:
        return 0 if uses == 0 else math.inf
    q, r = divmod(uses, items)
    return r * math.comb(q + 1, 2) + (items - r) * math.comb(q, 2)


def _group(cands: list[Candidate], key) -> dict:
    out: dict = {}
    for c in cands:
        k = key(c)
        out[k] = out.get(k, 0) + 1
    return out


def counting_reasons(spec: Spec, cands: list[Candidate], forms: int, share: float) -> list[str]:
    """Reasons no assembly exists, each provable by counting (EXAM-02 and the blueprint)."""
    out = []
    by_kind = _group(cands, lambda c: c.kind)
    by_diff = _group(cands, lambda c: c.difficulty)
    by_kp = _group(cands, lambda c: c.knowledge_point)
    bounds = spec.difficulty_bounds()
    for kind in KIND_ORDER:
        need = spec.counts.get(kind, 0)
        if need and by_kind.get(kind, 0) < need:
            out.append(
                f"{KIND_LABELS[kind]}已审核题目只有 {by_kind.get(kind, 0)} 道，蓝图需要 {need} 道"
            )
    for d, (lo, _) in bounds.items():
        if by_diff.get(d, 0) < lo:
            out.append(f"难度{d}的已审核题目只有 {by_diff.get(d, 0)} 道，蓝图每套至少需要 {lo} 道")
    if bounds and sum(min(by_diff.get(d, 0), hi) for d, (_, hi) in bounds.items()) < spec.size:
        out.append("按难度分布的上限，可用题目凑不满一套，请放宽允许偏差或补充其他难度的题目")
    for kp, need in sorted(spec.knowledge_points.items()):
        if by_kp.get(kp, 0) < need:
            out.append(
                f"知识点“{kp}”的已审核题目只有 {by_kp.get(kp, 0)} 道，蓝图每套至少需要 {need} 道"
            )
    if out or forms < 2:
        return out
    k = max_overlap(spec.size, share)
    allowed = math.comb(forms, 2) * k
    pct = f"{share:.0%}"
    # Items of different types (or knowledge points, or difficulties) are different items, so
    # each partition gives a lower bound on the shared pairs summed over all pairs of forms.
    partitions = [
        ("题型", {KIND_LABELS[t]: (spec.counts.get(t, 0), by_kind.get(t, 0)) for t in KIND_ORDER}),
        ("难度", {f"难度{d}": (lo, by_diff.get(d, 0)) for d, (lo, _) in bounds.items()}),
        ("知识点", {kp: (n, by_kp.get(kp, 0)) for kp, n in spec.knowledge_points.items()}),
    ]
    for label, parts in partitions:
        need = sum(min_pair_overlaps(forms * per, avail) for per, avail in parts.values() if per)
        if need > allowed:
            short = "、".join(
                f"{name} {avail} 道（每套 {per} 道）"
                for name, (per, avail) in parts.items()
                if per and min_pair_overlaps(forms * per, avail)
            )
            out.append(
                f"按{label}计，可用题目为{short}，组 {forms} 套时各套两两重复的题数合计至少 "
                f"{need}，超过重复率不超过{pct}所允许的 {allowed}（每两套最多重复 {k} 道，"
                "EXAM-02）；请减少套数或补充题目"
            )
            break
    return out


def overlap_matrix(forms: list[list[int]]) -> list[list[int]]:
    sets = [set(f) for f in forms]
    return [
        [len(a & b) if i != j else len(a) for j, b in enumerate(sets)] for i, a in enumerate(sets)
    ]


def check_forms(
    spec: Spec, forms: list[list[int]], cands: list[Candidate], share: float
) -> list[str]:
    """Everything a finished assembly must meet; [] when it does."""
    by_id = {c.id: c for c in cands}
    bounds = spec.difficulty_bounds()
    out = []
    for n, form in enumerate(forms, start=1):
        items = [by_id[i] for i in form if i in by_id]
        if len(items) != len(form) or len(set(form)) != len(form):
            out.append(f"第{n}套含未知或重复的题目")
            continue
        kinds = _group(items, lambda c: c.kind)
        for kind, need in spec.counts.items():
            if kinds.get(kind, 0) != need:
                out.append(f"第{n}套{KIND_LABELS[kind]}{kinds.get(kind, 0)}道，蓝图要求{need}道")
        diffs = _group(items, lambda c: c.difficulty)
        for d, (lo, hi) in bounds.items():
            if not lo <= diffs.get(d, 0) <= hi:
                out.append(f"第{n}套难度{d}有{diffs.get(d, 0)}道，应在{lo}–{hi}道之间")
        kps = _group(items, lambda c: c.knowledge_point)
        for kp, need in spec.knowledge_points.items():
            if kps.get(kp, 0) < need:
                out.append(f"第{n}套知识点“{kp}”只有{kps.get(kp, 0)}道，至少需要{need}道")
    k = max_overlap(spec.size, share)
    for (i, a), (j, b) in combinations(enumerate(forms, start=1), 2):
        shared = len(set(a) & set(b))
        if shared > k:
            out.append(f"第{i}套与第{j}套重复{shared}道，超过{k}道（EXAM-02）")
    return out
