"""The similarity report (EXAM-08) for a sitting of 3,000 candidates and 100 items.

Data: the exam of bench/exam_load/data.py (3,000 seated candidates, the 100-item paper of
tests/exams/helpers.questions), an attempt per candidate with its own shuffled order, and an
answer to every item stored as the page sends it (shown option positions). Each candidate
answers right with their ability (uniform 0.45–0.9), else picks a wrong answer by the item's
own distractor popularity (the same for everyone, so independent candidates do share wrong
answers). Three planted copiers copy a weak source's (ability 0.3) answers but fix 5. Timed:
`similarity_report` (load, undo the shuffles, every pair). Verified: the planted pairs are
flagged and no other. Baseline, same run: loading the answers from the database.
"""

import os
import random
import time

CANDIDATES = int(os.environ.get("BENCH_SIMILARITY_CANDIDATES", "3000"))
COPIERS = 3


def _wrong_options(q, rng) -> list:
    """(wrong answer in the paper's terms, weight): the item's distractors and popularity."""
    n = len(q["options"])
    if q["kind"] == "single":
        wrong = [[i] for i in range(n) if [i] != q["answer"]]
    elif q["kind"] == "multiple":  # every other non-empty choice of the 5 options
        subsets = ([i for i in range(n) if mask >> i & 1] for mask in range(1, 2**n))
        wrong = [s for s in subsets if s != q["answer"]]
    elif q["kind"] == "judge":
        wrong = [not q["answer"]]
    else:
        variants = ([f"螺{c}", f"M{d}"] for c in "纹母栓钉杆" for d in (8, 10, 12))
        wrong = [v for v in variants if v != ["螺纹", "M10"]]
    return [(w, rng.random() + 0.3) for w in wrong]


def _choose(q, ability, distractors, rng):
    if rng.random() < ability:
        return q["answer"]
    answers, weights = zip(*distractors, strict=True)
    return rng.choices(answers, weights)[0]


def _shown(q, order, original):
    """The value the page sends for `original` (option positions after the shuffle)."""
    if q["kind"] in ("single", "multiple"):
        shown = order["options"][str(q["item_id"])]
        return sorted(shown.index(o) for o in original)
    return original


def _data():
    from bench.exam_load.data import build
    from skillcert.exams import paper, timing
    from skillcert.exams.models import Answer, Exam, ExamAttempt
    from skillcert.exams.services import exam_questions
    from skillcert.plans.models import Registration

    exam = Exam.objects.get(pk=build(CANDIDATES, items=100, minutes=240).exam_id)
    questions, rng = exam_questions(exam), random.Random(8)
    by_id = {q["item_id"]: q for q in questions}
    distractors = {q["item_id"]: _wrong_options(q, rng) for q in questions}
    regs = Registration.objects.filter(sitting=exam.sitting).order_by("pk").values_list("pk")
    attempts = ExamAttempt.objects.bulk_create(
        [
            ExamAttempt(
                exam=exam, registration_id=reg, started_at=exam.starts_at,
                ends_at=timing.exam_ends(exam), seed=k, order=paper.make_order(questions, k),
            )
            for k, (reg,) in enumerate(regs)
        ],
        batch_size=500,
    )  # fmt: skip
    originals = [
        {q["item_id"]: _choose(q, rng.uniform(0.45, 0.9), distractors[q["item_id"]], rng)
         for q in questions}
        for _ in attempts
    ]  # fmt: skip
    planted = []
    for c in range(COPIERS):
        source, copier = 10 + 2 * c, 11 + 2 * c
        originals[source] = {q["item_id"]: _choose(q, 0.3, distractors[q["item_id"]], rng)
                             for q in questions}  # fmt: skip
        originals[copier] = dict(originals[source])
        for item in rng.sample(sorted(originals[copier]), 5):  # the copier fixes a few
            originals[copier][item] = by_id[item]["answer"]
        planted.append({attempts[source].pk, attempts[copier].pk})
    Answer.objects.bulk_create(
        [
            Answer(attempt=a, item_id=item, value=_shown(by_id[item], a.order, value), seq=1,
                   saved_at=exam.starts_at)
            for a, answers in zip(attempts, originals, strict=True)
            for item, value in answers.items()
        ],
        batch_size=5000,
    )  # fmt: skip
    return exam, planted


def run() -> None:
    from skillcert.exams.models import Answer
    from skillcert.exams.similarity import SHOWN, similarity_report

    exam, planted = _data()
    started = time.perf_counter()
    answers = list(Answer.objects.filter(attempt__exam=exam).values_list("attempt_id", "value"))
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    report = similarity_report(exam)
    report_s = time.perf_counter() - started
    flagged = [{p.a.pk, p.b.pk} for p in report.flagged]
    found = sum(1 for pair in planted if pair in flagged)
    print(
        f"   {report.candidates} candidates, {report.items} items, {len(answers)} answers, "
        f"{report.pairs} pairs; {report.over_min} pairs share >= {report.min_count} identical "
        f"wrong answers"
    )
    print(f"   baseline (load the {len(answers)} answers from the database): {load_s:.2f} s")
    print(
        f"   similarity_report: {report_s:.2f} s (ratio {report_s / load_s:.1f}x the baseline); "
        f"listed {len(report.rows)} pairs (flagged + at most {SHOWN} others)"
    )
    print(
        f"   planted copiers flagged: {found} of {len(planted)}; other pairs flagged: "
        f"{len(flagged) - found}"
    )
