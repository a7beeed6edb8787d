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


@dataclass
class Report:
    candidates: int
    pairs: int
    items: int
    alpha: float
    min_count: int
    rows: list  # pairs with identical_wrong >= min_count, most suspicious first

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
    wrong = _wrong_answers(questions, attempts, values)

    # per item: counts of each wrong answer, their total, Σ(c+1)², possible wrong answers
    stats = []
    columns: dict[tuple[int, str], int] = {}
    for k, q in enumerate(questions):
        counts: dict[str, int] = {}
        for row in wrong:
            if row[k] is not None:
                counts[row[k]] = counts.get(row[k], 0) + 1
                columns.setdefault((k, row[k]), len(columns))
        possible = max(_possible_wrong(q, len(counts)), len(counts))
        stats.append(
            (counts, sum(counts.values()), sum((c + 1) ** 2 for c in counts.values()), possible)
        )
    rows: list[Pair] = []
    if n >= 2 and columns:
        onehot = np.zeros((n, len(columns)), dtype=np.float32)
        for i, row in enumerate(wrong):
            for k, key in enumerate(row):
                if key is not None:
                    onehot[i, columns[(k, key)]] = 1
        same = onehot @ onehot.T  # identical wrong answers of every pair
        ii, jj = np.nonzero(np.triu(same >= min_count, k=1))
        for i, j in zip(ii.tolist(), jj.tolist(), strict=True):
            x, both, lam = int(same[i, j]), 0, 0.0
            for k in range(m):
                a, b = wrong[i][k], wrong[j][k]
                if a is None or b is None:
                    continue
                both += 1
                counts, total, q2, possible = stats[k]
                if a == b:
                    ca = counts[a]
                    q2x = q2 - (ca + 1) ** 2 + (ca - 1) ** 2
                else:
                    ca, cb = counts[a], counts[b]
                    q2x = q2 - (ca + 1) ** 2 + ca**2 - (cb + 1) ** 2 + cb**2
                lam += (q2x + possible - len(counts)) / (total - 2 + possible) ** 2
            p = poisson_tail(x, lam)
            adjusted = min(1.0, p * pairs_total)
            rows.append(
                Pair(
                    attempts[i],
                    attempts[j],
                    x,
                    both,
                    lam,
                    p,
                    adjusted,
                    adjusted < alpha and x >= min_count,
                )
            )
    rows.sort(key=lambda p: (p.p_value, -p.identical_wrong))
    return Report(n, pairs_total, m, alpha, min_count, rows)
