"""EXAM-08: pairs whose wrong answers agree beyond chance are flagged, independent ones not."""

import random

import pytest
from django.utils import timezone

from skillcert.exams.models import Answer
from skillcert.exams.similarity import poisson_tail, similarity_report

from .helpers import make_exam, seat_all, sign_in

pytestmark = pytest.mark.django_db
ITEMS, CANDIDATES = 60, 30


def single_paper(n=ITEMS):
    return [
        {
            "item_id": 1 + k,
            "kind": "single",
            "stem": f"题{k + 1}",
            "options": ["A", "B", "C", "D"],
            "answer": [k % 4],
            "points": "1",
        }
        for k in range(n)
    ]


def _answer(attempt, item, original):
    shown = attempt.order["options"][str(item)]
    return Answer(
        attempt=attempt, item_id=item, value=[shown.index(original)], seq=1, saved_at=timezone.now()
    )


@pytest.fixture
def exam_attempts(institution, sitting, enrol):
    enrol(sitting, CANDIDATES)
    seats = seat_all(institution, sitting)
    exam = make_exam(sitting, paper=single_paper())
    return exam, [sign_in(exam, s).attempt for s in seats]


def _independent(rng, ability):
    """Original option chosen per item: right with probability `ability`, else a distractor
    drawn with unequal popularity (as real distractors are)."""
    out = {}
    for k in range(ITEMS):
        right = k % 4
        if rng.random() < ability:
            out[k + 1] = right
        else:
            wrong = [o for o in range(4) if o != right]
            out[k + 1] = rng.choices(wrong, weights=[5, 3, 2])[0]
    return out


def _store(attempts, choices):
    Answer.objects.bulk_create(
        [
            _answer(a, item, o)
            for a, c in zip(attempts, choices, strict=True)
            for item, o in c.items()
        ]
    )


def test_exam_08_planted_copying_pair_is_flagged_and_no_other(exam_attempts):
    exam, attempts = exam_attempts
    rng = random.Random(8)
    choices = [_independent(rng, rng.uniform(0.45, 0.8)) for _ in attempts]
    source = _independent(rng, 0.45)
    copied = dict(source)
    for item in rng.sample(sorted(copied), 6):  # the copier changes a few answers
        copied[item] = (item - 1) % 4
    choices[3], choices[17] = source, copied
    _store(attempts, choices)
    report = similarity_report(exam)
    flagged = {frozenset((p.a.pk, p.b.pk)) for p in report.flagged}
    assert flagged == {frozenset((attempts[3].pk, attempts[17].pk))}
    top = report.flagged[0]
    assert top.identical_wrong > 2 * top.expected and top.adjusted < 0.001
    assert report.pairs == CANDIDATES * (CANDIDATES - 1) // 2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exam_08_independent_candidates_are_not_flagged(exam_attempts, seed):
    exam, attempts = exam_attempts
    rng = random.Random(seed)
    _store(attempts, [_independent(rng, rng.uniform(0.3, 0.8)) for _ in attempts])
    report = similarity_report(exam)
    assert report.flagged == []
    assert report.rows  # weak candidates do share wrong answers: reported, not flagged


def test_poisson_tail_matches_the_closed_form():
    assert poisson_tail(0, 3.0) == 1.0
    assert poisson_tail(1, 2.0) == pytest.approx(1 - 2.718281828**-2)
    assert poisson_tail(40, 5.0) < 1e-18


def test_exam_08_the_report_lists_every_flagged_pair_and_a_bounded_rest(exam_attempts, monkeypatch):
    """A sitting of thousands has hundreds of thousands of pairs over min_count: the page lists
    the flagged pairs and the SHOWN most suspicious others, and counts them all."""
    from skillcert.exams import similarity

    exam, attempts = exam_attempts
    rng = random.Random(8)
    choices = [_independent(rng, rng.uniform(0.45, 0.8)) for _ in attempts]
    source = _independent(rng, 0.45)
    choices[3], choices[17] = source, dict(source)  # a planted copy, as in the test above
    weak = [_independent(rng, 0.35) for _ in range(8)]  # weak ones share many wrong answers
    choices[20:28] = weak
    _store(attempts, choices)

    def pairs(rows):
        return [(p.a.pk, p.b.pk) for p in rows]

    full = similarity_report(exam)
    monkeypatch.setattr(similarity, "SHOWN", 2)
    short = similarity_report(exam)
    flagged = len(full.flagged)
    assert flagged >= 1 and pairs(short.flagged) == pairs(full.flagged)
    assert full.over_min == short.over_min > flagged + 2
    assert len(full.rows) == flagged + min(100, full.over_min - flagged)
    assert len(short.rows) == flagged + 2
    assert set(pairs(short.rows)) <= set(pairs(full.rows))
