"""EXAM-07 scoring at submit, EXAM-05 no early submit, theory score into scoring.Result."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.exams.models import Answer, Exam, ExamAttempt
from skillcert.exams.scoring import attempt_submit, exam_finish_due, scaled
from skillcert.scoring.models import Result
from skillcert.scoring.services import ScoreInput, results_set

from .helpers import make_exam, seat_all, sign_in

pytestmark = pytest.mark.django_db

PAPER = [  # 25 points in total: scaled to 100
    {"item_id": 1, "kind": "single", "stem": "s", "options": list("ABCD"), "answer": [2],
     "points": "5"},
    {"item_id": 2, "kind": "multiple", "stem": "m", "options": list("ABCDE"),
     "answer": [0, 3], "points": "5"},
    {"item_id": 3, "kind": "judge", "stem": "j", "options": [], "answer": False, "points": "5"},
    {"item_id": 4, "kind": "fill", "stem": "f", "options": [], "answer": ["M10", "螺纹"],
     "points": "5"},
    {"item_id": 5, "kind": "single", "stem": "s2", "options": list("AB"), "answer": [0],
     "points": "5"},
]  # fmt: skip


@pytest.fixture
def setup(institution, sitting, enrol):
    enrol(sitting, 3)
    seats = seat_all(institution, sitting)
    exam = make_exam(sitting, paper=PAPER)
    return exam, seats


def shown(attempt, item, *original):
    """Positions the candidate clicked for these original options (shuffles applied)."""
    order = attempt.order["options"][str(item)]
    return [order.index(o) for o in original]


def put(attempt, values: dict):
    now = timezone.now()
    Answer.objects.bulk_create(
        [
            Answer(attempt=attempt, item_id=i, value=v, seq=1, saved_at=now)
            for i, v in values.items()
        ]
    )


def after_end(attempt):
    return attempt.ends_at + timedelta(seconds=1)


def test_exam_07_all_kinds_scored_through_the_shuffle(setup):
    exam, seats = setup
    a = sign_in(exam, seats[0]).attempt
    put(
        a,
        {
            1: shown(a, 1, 2),
            2: shown(a, 2, 3, 0),
            3: False,
            4: ["  Ｍ１０ ", "螺纹"],  # full-width and spaces: still right
            5: shown(a, 5, 1),  # wrong
        },
    )
    done = attempt_submit(actor=None, attempt=a, kind=ExamAttempt.SELF, now=after_end(a))
    assert done.points == Decimal("20") and done.score == Decimal("80.0")
    assert Result.objects.get(registration=a.registration).theory_score == Decimal("80.0")


def test_exam_07_multiple_is_all_or_nothing_and_judge_exact(setup):
    exam, seats = setup
    a = sign_in(exam, seats[0]).attempt
    put(a, {2: shown(a, 2, 0), 3: "false", 4: ["M10"], 1: shown(a, 1, 2, 1)})
    done = attempt_submit(actor=None, attempt=a, kind=ExamAttempt.SELF, now=after_end(a))
    assert done.points == 0 and done.score == 0


def test_exam_07_same_answers_score_the_same_whatever_the_shuffle(setup):
    exam, seats = setup
    attempts = [sign_in(exam, s).attempt for s in seats]
    assert len({json.dumps(a.order) for a in attempts}) > 1
    for a in attempts:
        put(a, {1: shown(a, 1, 2), 2: shown(a, 2, 0, 3)})
    scores = {
        attempt_submit(actor=None, attempt=a, kind=ExamAttempt.AUTO, now=after_end(a)).score
        for a in attempts
    }
    assert scores == {Decimal("40.0")}


def test_scaling_to_100_rounds_half_up():
    assert scaled(Decimal("2"), Decimal("3")) == Decimal("66.7")
    assert scaled(Decimal("37"), Decimal("100")) == Decimal("37.0")


def test_exam_05_no_submission_before_the_end(client, setup):
    exam, seats = setup
    s = sign_in(exam, seats[0])
    with pytest.raises(DomainError) as e:
        attempt_submit(actor=None, attempt=s.attempt, kind=ExamAttempt.SELF)
    assert e.value.code == "submit_early" and e.value.rule == "EXAM-05"
    r = client.post(
        "/exam/api/submit", "{}", content_type="application/json",
        headers={"X-Exam-Token": s.token},
    )  # fmt: skip
    assert r.status_code == 409 and "结束前不得交卷" in r.json()["detail"]["message"]
    assert ExamAttempt.objects.get(pk=s.attempt.pk).submitted_at is None


def test_submit_keeps_the_practical_score_and_is_audited(setup, sitting):
    exam, seats = setup
    a = sign_in(exam, seats[0]).attempt
    results_set(
        actor=None,
        sitting=sitting,
        items=[ScoreInput(registration_id=a.registration_id, practical=Decimal("75"))],
    )
    put(a, {1: shown(a, 1, 2)})
    attempt_submit(actor=None, attempt=a, kind=ExamAttempt.SELF, now=after_end(a))
    result = Result.objects.get(registration=a.registration)
    assert (result.theory_score, result.practical_score) == (Decimal("20.0"), Decimal("75.0"))
    assert result.passed is False  # SCORE-01: theory 20 < 60
    assert AuditEntry.objects.filter(action="exam.submit", object_id=str(a.pk)).exists()
    # submitting twice changes nothing
    again = attempt_submit(actor=None, attempt=a, kind=ExamAttempt.AUTO, now=after_end(a))
    assert again.submitted_by == ExamAttempt.SELF


def test_finish_auto_submits_and_marks_the_absent_SCORE_01(setup):
    exam, seats = setup
    a = sign_in(exam, seats[0]).attempt
    put(a, {1: shown(a, 1, 2), 3: False})
    end = a.ends_at
    early = exam_finish_due(actor=None, exam=exam, now=end)  # grace not over yet
    assert early == {"submitted": 0, "running": 1, "absent": 0, "closed": Exam.OPEN}
    out = exam_finish_due(actor=None, exam=exam, now=end + timedelta(seconds=61))
    assert out["submitted"] == 1 and out["absent"] == 2 and out["closed"] == Exam.CLOSED
    a.refresh_from_db()
    assert a.submitted_by == ExamAttempt.AUTO and a.score == Decimal("40.0")
    absent = Result.objects.exclude(registration=a.registration)
    assert {(r.theory_absent, r.theory_score) for r in absent} == {(True, Decimal("0.0"))}


def test_finish_command_closes_exams_whose_time_is_over(setup):
    from django.core.management import call_command

    exam, seats = setup
    a = sign_in(exam, seats[0]).attempt
    ExamAttempt.objects.filter(pk=a.pk).update(ends_at=timezone.now() - timedelta(minutes=2))
    Exam.objects.filter(pk=exam.pk).update(starts_at=timezone.now() - timedelta(minutes=62))
    call_command("exams_finish_due")
    a.refresh_from_db()
    assert a.submitted_by == ExamAttempt.AUTO
    assert Exam.objects.get(pk=exam.pk).status == Exam.CLOSED
