"""Autosave API: token auth, idempotent upsert by seq, refusal after submit (EXAM-05)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from skillcert.exams.models import Answer, ExamAttempt
from skillcert.exams.scoring import attempt_submit

from .helpers import make_exam, seat_all, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(institution, sitting, enrol):
    enrol(sitting, 3)
    seats = seat_all(institution, sitting)
    exam = make_exam(sitting)
    return exam, seats, sign_in(exam, seats[0])


def _save(client, token, answers):
    return client.post(
        "/exam/api/save",
        json.dumps({"answers": answers}),
        content_type="application/json",
        headers={"X-Exam-Token": token},
    )


def _stored(attempt):
    return {a.item_id: (a.value, a.seq) for a in Answer.objects.filter(attempt=attempt)}


def test_save_upserts_and_answers_saved_pairs_and_remaining_time(client, signed):
    exam, _, s = signed
    r = _save(client, s.token, [{"item": 1000, "value": [1], "seq": 1}])
    assert r.status_code == 200
    body = r.json()
    assert body["saved"] == [[1000, 1]] and body["rejected"] == []
    assert 58 * 60 < body["remaining_seconds"] <= 59 * 60
    assert _stored(s.attempt) == {1000: ([1], 1)}


def test_same_seq_twice_is_idempotent(client, signed):
    _, _, s = signed
    _save(client, s.token, [{"item": 1000, "value": [1], "seq": 3}])
    r = _save(client, s.token, [{"item": 1000, "value": [2], "seq": 3}])
    assert r.json()["saved"] == [[1000, 3]]
    assert _stored(s.attempt) == {1000: ([1], 3)}


def test_older_seq_after_newer_is_ignored(client, signed):
    _, _, s = signed
    _save(client, s.token, [{"item": 1001, "value": [0, 2], "seq": 7}])
    r = _save(client, s.token, [{"item": 1001, "value": [3], "seq": 5}])
    assert r.status_code == 200 and r.json()["saved"] == [[1001, 5]]
    assert _stored(s.attempt) == {1001: ([0, 2], 7)}


def test_out_of_order_batches_end_with_the_newest_of_each_item(client, signed):
    _, _, s = signed
    newer = [
        {"item": 1000, "value": [3], "seq": 4},
        {"item": 1003, "value": ["螺纹", "M10"], "seq": 2},
    ]
    older = [
        {"item": 1000, "value": [1], "seq": 2},
        {"item": 1003, "value": ["螺", ""], "seq": 1},
        {"item": 1002, "value": True, "seq": 1},
    ]
    _save(client, s.token, newer)
    _save(client, s.token, older)
    # duplicates of one item inside a batch: the highest seq wins
    _save(
        client,
        s.token,
        [{"item": 1002, "value": False, "seq": 3}, {"item": 1002, "value": True, "seq": 2}],
    )
    assert _stored(s.attempt) == {
        1000: ([3], 4),
        1003: (["螺纹", "M10"], 2),
        1002: (False, 3),
    }


def test_unknown_items_are_rejected_not_stored(client, signed):
    _, _, s = signed
    r = _save(client, s.token, [{"item": 999999, "value": 1, "seq": 1}])
    assert r.json() == {
        "saved": [],
        "rejected": [[999999, 1]],
        "remaining_seconds": r.json()["remaining_seconds"],
    }
    assert _stored(s.attempt) == {}


@pytest.mark.parametrize(
    "body",
    [
        {"answers": "x"},
        {"answers": [{"item": "1000", "value": 1, "seq": 1}]},
        {"answers": [{"item": 1000, "seq": 1}]},
        {"answers": [{"item": 1000, "value": 1, "seq": -1}]},
        {"answers": [{"item": 1000, "value": 1, "seq": 2**70}]},
        {"answers": [{"item": 1000, "value": 1, "seq": i} for i in range(201)]},
        [],
    ],
)
def test_malformed_bodies_are_400_with_a_chinese_message(client, signed, body):
    _, _, s = signed
    r = client.post(
        "/exam/api/save",
        json.dumps(body),
        content_type="application/json",
        headers={"X-Exam-Token": s.token},
    )
    assert r.status_code == 400 and r.json()["detail"]["message"]
    assert _stored(s.attempt) == {}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"answers": [{"item": 1000, "value": NaN, "seq": 1}]}', "第1条答案的格式不正确"),
        ('{"answers": [{"item": 1000, "value": 1e999, "seq": 1}]}', "第1条答案的格式不正确"),
        ('{"answers": [{"item": 1000, "value": ["a\\u0000b"], "seq": 1}]}', "不允许的字符"),
        ("[" * 100_000, "不是有效的JSON"),
    ],
)
def test_values_jsonb_cannot_hold_and_deep_nesting_are_400_not_500(client, signed, raw, message):
    """NaN, Infinity and NUL would fail PostgreSQL's jsonb (and, in a group commit, every
    other save of the batch); deep nesting made the JSON parser raise RecursionError."""
    _, _, s = signed
    r = client.post(
        "/exam/api/save", raw, content_type="application/json", headers={"X-Exam-Token": s.token}
    )
    assert r.status_code == 400 and message in r.json()["detail"]["message"]
    assert _stored(s.attempt) == {}


def test_a_backslash_u0000_typed_as_text_is_an_ordinary_answer(client, signed):
    _, _, s = signed
    r = _save(client, s.token, [{"item": 1003, "value": ["\\u0000"], "seq": 1}])
    assert r.status_code == 200 and _stored(s.attempt) == {1003: (["\\u0000"], 1)}


def test_bad_or_forged_token_is_401(client, signed):
    _, _, s = signed
    assert _save(client, "", [{"item": 1000, "value": [1], "seq": 1}]).status_code == 401
    aid, exp, sig = s.token.split(".")
    forged = f"{int(aid) + 1}.{exp}.{sig}"
    assert _save(client, forged, [{"item": 1000, "value": [1], "seq": 1}]).status_code == 401
    longer = f"{aid}.{int(exp) + 99999}.{sig}"
    assert _save(client, longer, [{"item": 1000, "value": [1], "seq": 1}]).status_code == 401


def test_saves_are_refused_with_409_after_submit_EXAM_05(client, signed):
    _, _, s = signed
    _save(client, s.token, [{"item": 1000, "value": [1], "seq": 1}])
    later = s.attempt.ends_at + timedelta(seconds=1)
    attempt_submit(actor=None, attempt=s.attempt, kind=ExamAttempt.SELF, now=later)
    r = _save(client, s.token, [{"item": 1000, "value": [2], "seq": 2}])
    assert r.status_code == 409 and "已交卷" in r.json()["detail"]["message"]
    assert _stored(s.attempt) == {1000: ([1], 1)}


def test_saves_are_refused_after_time_and_grace_EXAM_05(client, signed):
    _, _, s = signed
    ExamAttempt.objects.filter(pk=s.attempt.pk).update(
        ends_at=timezone.now() - timedelta(seconds=61)
    )
    r = _save(client, s.token, [{"item": 1000, "value": [2], "seq": 2}])
    assert r.status_code == 409 and "时间已到" in r.json()["detail"]["message"]
    ExamAttempt.objects.filter(pk=s.attempt.pk).update(
        ends_at=timezone.now() - timedelta(seconds=30)
    )  # inside the grace: a page that was offline at the end still delivers
    assert _save(client, s.token, [{"item": 1000, "value": [2], "seq": 2}]).status_code == 200
