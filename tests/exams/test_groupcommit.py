"""Group commit of autosaves on PostgreSQL (exams/groupcommit.py): saves that arrive during a
commit share the next transaction; each is answered only after its commit; the newest seq
of each item wins; a submitted attempt in the batch is refused alone (EXAM-05); a save
waits for a submit in progress and then sees it; a database outage answers 503 and stores
nothing, and the next save reconnects."""

import asyncio
import json
import random

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from skillcert.asgi import application
from skillcert.exams import groupcommit
from skillcert.exams.autosave import SaveRefused
from skillcert.exams.models import Answer, ExamAttempt

from .asgi import request, run
from .helpers import make_exam, seat_all, sign_in

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def signed(postgres, institution, sitting, enrol):
    """Five signed-in candidates of a running exam of items 1000..1009."""
    enrol(sitting, 5)
    exam = make_exam(sitting)
    return [sign_in(exam, seat) for seat in seat_all(institution, sitting)]


def _post(token: str, answers: list):
    body = json.dumps({"answers": answers}).encode()
    return request(application, "/exam/api/save", body=body, token=token)


def _stored() -> dict:
    return {(a.attempt_id, a.item_id): (a.value, a.seq) for a in Answer.objects.all()}


def test_concurrent_saves_share_commits_and_the_newest_seq_wins_EXAM_05(signed):
    rng = random.Random(5)
    sends = [
        (s, [{"item": item, "value": [seq], "seq": seq}])
        for s in signed
        for item in (1000, 1001, 1002)
        for seq in (1, 2, 3)
    ]
    rng.shuffle(sends)  # out of order: seq 1 may arrive after seq 3 of the same item

    async def burst():
        replies = await asyncio.gather(*(_post(s.token, a) for s, a in sends))
        return replies, groupcommit.committer(connection.settings_dict).commits

    replies, commits = run(burst())
    assert {r["status"] for r in replies} == {200}
    assert commits < len(sends) // 3  # 45 saves, a handful of transactions
    expected = {(s.attempt.pk, item): ([3], 3) for s in signed for item in (1000, 1001, 1002)}
    assert _stored() == expected


def test_a_submitted_attempt_in_the_batch_is_refused_the_others_stored_EXAM_05(signed):
    done, other = signed[0], signed[1]
    ExamAttempt.objects.filter(pk=done.attempt.pk).update(submitted_at=timezone.now())

    async def both():
        unknown = {"item": 9, "value": 1, "seq": 1}  # not on the paper
        return await asyncio.gather(
            _post(done.token, [{"item": 1000, "value": [1], "seq": 1}]),
            _post(other.token, [{"item": 1000, "value": [1], "seq": 1}, unknown]),
        )

    refused, saved = run(both())
    assert refused["status"] == 409 and "已交卷" in json.loads(refused["body"])["detail"]["message"]
    assert saved["status"] == 200 and json.loads(saved["body"])["rejected"] == [[9, 1]]
    assert _stored() == {(other.attempt.pk, 1000): ([1], 1)}


def test_a_save_waits_for_a_submit_in_progress_and_is_refused_after_it_EXAM_05(signed):
    s = signed[0]
    params = groupcommit.connect_params(connection.settings_dict)
    with psycopg.connect(**params) as submitter:  # a submit holds the attempt FOR UPDATE
        lock = "SELECT id FROM exams_examattempt WHERE id = %s FOR UPDATE"
        submitter.execute(lock, [s.attempt.pk])

        async def save_during_submit():
            task = asyncio.create_task(_post(s.token, [{"item": 1000, "value": [1], "seq": 1}]))
            await asyncio.sleep(0.5)
            waiting = not task.done()
            submitter.execute(
                "UPDATE exams_examattempt SET submitted_at = now() WHERE id = %s", [s.attempt.pk]
            )
            submitter.commit()
            return waiting, await task

        waiting, reply = run(save_during_submit())
    assert waiting  # the save did not slip in beside the submit's scoring
    assert reply["status"] == 409 and not Answer.objects.exists()


def test_database_outage_answers_503_stores_nothing_then_recovers(signed):
    s = signed[0]
    rows = [(1000, "[1]", 1)]

    async def outage_then_back():
        saver = groupcommit.Committer(groupcommit.connect_params(connection.settings_dict))
        good = dict(saver._connect)
        saver._connect = good | {"port": 1, "connect_timeout": 2}  # nothing listens there
        try:
            await saver.save(s.attempt.pk, rows, timezone.now())
        except SaveRefused as exc:
            refused = exc
        saver._connect = good
        answer = await saver.save(s.attempt.pk, rows, timezone.now())
        await saver.close()
        return refused, answer

    refused, answer = asyncio.run(outage_then_back())
    assert refused.status == 503 and "稍后自动重试" in refused.message
    assert answer["saved"] == [[1000, 1]] and _stored() == {(s.attempt.pk, 1000): ([1], 1)}


def test_a_value_jsonb_cannot_hold_is_refused_alone_and_the_batch_commits(signed):
    """NaN (accepted by Python's JSON parser, refused by jsonb) would have failed the whole
    transaction, and so every save of the batch."""
    bad, good = signed[0], signed[1]
    raw = b'{"answers": [{"item": 1000, "value": NaN, "seq": 1}]}'

    async def both():
        return await asyncio.gather(
            request(application, "/exam/api/save", body=raw, token=bad.token),
            _post(good.token, [{"item": 1000, "value": [1], "seq": 1}]),
        )

    refused, saved = run(both())
    assert refused["status"] == 400 and saved["status"] == 200
    assert _stored() == {(good.attempt.pk, 1000): ([1], 1)}


def test_when_saves_pile_up_new_ones_get_503_at_once_and_the_page_retries_later(
    signed, monkeypatch
):
    """Admission control: while a commit hangs (here: a submit holding the row), at most
    MAX_WAITING saves wait; the next is answered 503 at once instead of queueing without end."""
    monkeypatch.setattr(groupcommit, "MAX_WAITING", 3)
    s, others = signed[0], signed[1:4]
    params = groupcommit.connect_params(connection.settings_dict)
    with psycopg.connect(**params) as submitter:
        lock = "SELECT id FROM exams_examattempt WHERE id = %s FOR UPDATE"
        submitter.execute(lock, [s.attempt.pk])

        async def pile_up():
            first = asyncio.create_task(_post(s.token, [{"item": 1000, "value": [1], "seq": 1}]))
            await asyncio.sleep(0.3)  # its batch now waits for the lock
            waiting = [
                asyncio.create_task(_post(o.token, [{"item": 1000, "value": [2], "seq": 1}]))
                for o in others
            ]
            await asyncio.sleep(0.3)
            refused = await _post(s.token, [{"item": 1001, "value": [3], "seq": 1}])
            submitter.rollback()  # the "submit" gives up: everything queued goes through
            return refused, await first, await asyncio.gather(*waiting)

        refused, first, waiting = run(pile_up())
    assert (
        refused["status"] == 503
        and "稍后自动重试" in json.loads(refused["body"])["detail"]["message"]
    )
    assert first["status"] == 200 and [w["status"] for w in waiting] == [200, 200, 200]
    assert (s.attempt.pk, 1001) not in _stored() and len(_stored()) == 4
