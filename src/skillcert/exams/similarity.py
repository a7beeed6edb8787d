"""EXAM-08 作答雷同: pairs of candidates whose WRONG answers agree beyond chance.

The statistic (explained to staff on the report page, in Chinese):

1. Every answer is mapped back to the paper's own option numbers (shuffles undone). An
   answer is "wrong" when given and not correct; blanks do not count.
2. For a pair (A, B), X = the number of items where A and B gave the SAME wrong answer, and
   the items where both were wrong are the chances for such agreement.
3. On such an item k, two independent candidates who both err pick the same wrong answer
   with probability p_k = Σ_w f_w², f_w being how often the OTHER candidates (the pair left
   out) chose wrong answer w, smoothed by one (add-one over the item's possible wrong
   answers: options-1 for single choice, 1 for judge, the observed ones plus one unseen for
   multiple choice and fill), so an item the pair alone got wrong is not proof by itself.
4. Under independence X is a sum of Bernoulli(p_k); its mean is λ = Σ p_k. The tail
   P(X ≥ x) is bounded by the Poisson(λ) tail (a Poisson-binomial is less spread than a
   Poisson of the same mean), which is what we report: a conservative p-value.
5. With n candidates there are n(n-1)/2 pairs: the p-value is multiplied by the number of
   pairs (Bonferroni), so the chance of flagging ANY independent pair in the exam is at
   most `exam_similarity_alpha` (0.001). A pair is flagged when that adjusted p-value is
   below alpha and X ≥ `exam_similarity_min_count`.

A flag is a report for the proctors and the institution to look into (EXAM-08), never a
decision by itself.

Scale: a sitting of 3,000 candidates has 4.5 million pairs. Identical wrong answers of every
pair come from one matrix product; λ of the pairs with at least `min_count` of them is
computed with numpy in chunks; the exact tail only for the pairs that can be flagged (those
whose P(X = x), a lower bound of the tail, is small enough) and for the SHOWN most
suspicious others. The page lists those, not every pair over `min_count`.
"""

import json
import math
from dataclasses import dataclass

import numpy as np

from skillcert.core.rules import rules

from . import paper
from .models import Answer, Exam, ExamAttempt
from .scoring import item_correct
from .services import exam_questions


@dataclass
class Pair:
    a: ExamAttempt
    b: ExamAttempt
    identical_wrong: int
    both_wrong: int
    expected: float
    p_value: float
    adjusted: float
    flagged: bool


SHOWN = 100  # unflagged pairs listed besides the flagged ones, smallest P(X = x) first
CHUNK = 20000  # pairs per numpy chunk (P x items arrays)


@dataclass
class Report:
    candidates: int
    pairs: int
    items: int
    alpha: float
    min_count: int
    rows: list  # every flagged pair and up to SHOWN others, most suspicious first
    over_min: int = 0  # pairs with identical_wrong >= min_count (all of them, listed or not)

    @property
    def flagged(self) -> list:
        return [r for r in self.rows if r.flagged]


def poisson_tail(x: int, lam: float) -> float:
    """P(N >= x) for N ~ Poisson(lam), summed upward (accurate for tiny tails)."""
    if x <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    total, i = 0.0, x
    while True:
        term = math.exp(-lam + i * math.log(lam) - math.lgamma(i + 1))
        total += term
        if (i > lam and term < total * 1e-16) or i > x + 10000:
            return min(1.0, total)
        i += 1


def _wrong_answers(questions, attempts, values_by_attempt):
    """Per candidate, per item index: the wrong answer's key (or None)."""
    out = []
    for attempt in attempts:
        row = []
        values = values_by_attempt.get(attempt.pk, {})
        for q in questions:
            original = paper.to_original(q, attempt.order, values.get(q["item_id"]))
            given = original not in (None, []) and not (q["kind"] == "fill" and not any(original))
            if given and not item_correct(q, original):
                row.append(json.dumps(original, ensure_ascii=False))
            else:
                row.append(None)
        out.append(row)
    return out


def _possible_wrong(q, observed: int) -> int:
    if q["kind"] == "single":
        return max(1, len(q["options"]) - 1)
    if q["kind"] == "judge":
        return 1
    return observed + 1


def similarity_report(exam: Exam, *, attempts=None) -> Report:
    r = rules()
    alpha, min_count = float(r.exam_similarity_alpha), r.exam_similarity_min_count
    questions = exam_questions(exam)
    if attempts is None:
        attempts = list(
            ExamAttempt.objects.filter(exam=exam)
            .select_related("registration__person", "registration__seat__room")
            .order_by("pk")
        )
    values: dict[int, dict] = {}
    for aid, item, value in Answer.objects.filter(attempt__in=attempts).values_list(
        "attempt_id", "item_id", "value"
    ):
        values.setdefault(aid, {})[item] = value
    n, m = len(attempts), len(questions)
    pairs_total = n * (n - 1) // 2
    model = _Model(questions, _wrong_answers(questions, attempts, values))
    ii, jj = model.pairs_over(min_count)
    x, both, lam = model.statistics(ii, jj)
    rows = [
        _pair(attempts, int(ii[k]), int(jj[k]), int(x[k]), int(both[k]), float(lam[k]))
        for k in _worth_exact(x, lam, pairs_total, alpha, min_count)
    ]
    for p in rows:
        p.adjusted = min(1.0, p.p_value * pairs_total)
        p.flagged = p.adjusted < alpha and p.identical_wrong >= min_count
    rows.sort(key=lambda p: (p.p_value, -p.identical_wrong))
    return Report(n, pairs_total, m, alpha, min_count, rows, over_min=len(ii))


def _pair(attempts, i: int, j: int, x: int, both: int, lam: float) -> Pair:
    p = poisson_tail(x, lam)
    return Pair(attempts[i], attempts[j], x, both, lam, p, 1.0, False)


def _worth_exact(x, lam, pairs_total: int, alpha: float, min_count: int) -> list[int]:
    """Indexes of the pairs that get the exact tail: every pair P(X = x) does not rule out
    (P(X >= x) >= P(X = x), so a pair whose P(X = x) * pairs >= alpha is never flagged), and
    the SHOWN most suspicious of the rest."""
    if len(x) == 0:
        return []
    with np.errstate(divide="ignore"):
        log_lam = np.where(lam > 0, np.log(np.maximum(lam, 1e-300)), -np.inf)
    log_pmf = -lam + x * log_lam - _lgamma(x + 1)
    log_pmf = np.where((lam <= 0) & (x > 0), -np.inf, log_pmf)
    maybe = (log_pmf + math.log(pairs_total) < math.log(alpha)) & (x >= min_count)
    chosen = set(np.nonzero(maybe)[0].tolist())
    rest = np.nonzero(~maybe)[0]
    if len(rest):
        chosen.update(rest[np.argsort(log_pmf[rest], kind="stable")[:SHOWN]].tolist())
    return sorted(chosen)


def _lgamma(values):
    return np.array([math.lgamma(v) for v in values.tolist()], dtype=np.float64)


class _Model:
    """The wrong answers as arrays: A[i, k] = the column (item k, wrong answer w) candidate i
    chose, or -1; per column the smoothed terms of step 3 (see the module docstring)."""

    def __init__(self, questions, wrong):
        columns: dict[tuple[int, str], int] = {}
        n, m = len(wrong), len(questions)
        self.A = np.full((n, m), -1, dtype=np.int32)
        for i, row in enumerate(wrong):
            for k, key in enumerate(row):
                if key is not None:
                    self.A[i, k] = columns.setdefault((k, key), len(columns))
        counts = np.bincount(self.A[self.A >= 0], minlength=len(columns)).astype(np.float64)
        item_of = np.zeros(len(columns), dtype=np.int64)
        for (k, _), c in columns.items():
            item_of[c] = k
        base, denom = np.zeros(m), np.ones(m)
        for k, q in enumerate(questions):
            mine = counts[item_of == k]
            possible = max(_possible_wrong(q, len(mine)), len(mine))
            denom[k] = (mine.sum() - 2 + possible) ** 2 or 1.0
            base[k] = (((mine + 1) ** 2).sum() + possible - len(mine)) / denom[k]
        self.base = base
        # per column: its share of step 3's sum when one of the pair chose it, and the
        # correction when both did (see _Model.statistics)
        self.g = -(2 * counts + 1) / denom[item_of] if len(columns) else np.zeros(0)
        self.e = 2 / denom[item_of] if len(columns) else np.zeros(0)
        self.columns = len(columns)

    def pairs_over(self, min_count: int):
        """(i, j) with i < j sharing at least `min_count` identical wrong answers."""
        n = self.A.shape[0]
        if n < 2 or not self.columns:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        onehot = np.zeros((n, self.columns), dtype=np.float32)
        rows, cols = np.nonzero(self.A >= 0)
        onehot[rows, self.A[rows, cols]] = 1
        same = onehot @ onehot.T  # identical wrong answers of every pair
        return np.nonzero(np.triu(same >= min_count, k=1))

    def statistics(self, ii, jj):
        """Per pair: X (identical wrong), items both got wrong, λ = Σ p_k over those items.
        For item k with the pair's wrong answers a, b: p_k = base_k + g_a + g_b, plus e_a when
        a == b — step 3's leave-the-pair-out sum, expanded."""
        x, both, lam = (np.zeros(len(ii)) for _ in range(3))
        for start in range(0, len(ii), CHUNK):
            a, b = self.A[ii[start : start + CHUNK]], self.A[jj[start : start + CHUNK]]
            wrong = (a >= 0) & (b >= 0)
            same = wrong & (a == b)
            ga, gb = self.g[np.maximum(a, 0)], self.g[np.maximum(b, 0)]
            part = np.where(wrong, self.base + ga + gb, 0) + np.where(same, self.e[a], 0)
            window = slice(start, start + CHUNK)
            x[window], both[window], lam[window] = same.sum(1), wrong.sum(1), part.sum(1)
        return x, both, lam
