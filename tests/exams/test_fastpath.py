"""The production ASGI application (skillcert.asgi) keeps the autosave contract of the routed
view (EXAM-05): on PostgreSQL its own endpoint with group commit answers, on SQLite Django's
view does; every other path reaches Django with its middleware."""

import json

import pytest

from skillcert.asgi import application
from skillcert.exams.models import Answer

from .asgi import request, run
from .helpers import make_exam, seat_all, sign_in

# Committed data: on PostgreSQL the endpoint writes through its own connection.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _save(token: str, answers: list) -> dict:
    body = json.dumps({"answers": answers}).encode()
    return run(request(application, "/exam/api/save", body=body, token=token))


def test_autosave_through_the_asgi_application_is_idempotent_EXAM_05(institution, sitting, enrol):
    enrol(sitting, 2)
    exam = make_exam(sitting)
    signed = sign_in(exam, seat_all(institution, sitting)[0])
    r = _save(signed.token, [{"item": 1000, "value": [2], "seq": 4}])
    assert r["status"] == 200 and json.loads(r["body"])["saved"] == [[1000, 4]]
    assert r["headers"]["x-content-type-options"] == "nosniff"
    again = _save(signed.token, [{"item": 1000, "value": [0], "seq": 3}])
    assert json.loads(again["body"])["saved"] == [[1000, 3]]  # held at seq 4, newer
    stored = Answer.objects.get(attempt=signed.attempt, item_id=1000)
    assert (stored.value, stored.seq) == ([2], 4)


def test_refuses_a_missing_token_a_bad_body_and_a_get():
    r = _save("", [])
    assert r["status"] == 401 and "重新登录" in json.loads(r["body"])["detail"]["message"]
    r = run(request(application, "/exam/api/save", body=b"{not json", token="1.2.3"))
    assert r["status"] == 401  # the token is checked before the body is parsed
    r = run(request(application, "/exam/api/save", method="GET"))
    assert r["status"] == 405 and json.loads(r["body"])["detail"]["message"] == "请使用POST"


def test_a_body_over_the_limit_is_refused_400(institution, sitting, enrol):
    enrol(sitting, 1)
    exam = make_exam(sitting)
    signed = sign_in(exam, seat_all(institution, sitting)[0])
    body = b'{"answers": [' + b" " * (600 * 1024) + b"]}"
    r = run(request(application, "/exam/api/save", body=body, token=signed.token))
    assert r["status"] == 400 and json.loads(r["body"])["detail"]["message"] == "请求过大"
    assert not Answer.objects.exists()


def test_other_paths_go_through_django():
    r = run(request(application, "/", method="GET"))
    assert r["status"] == 302 and "x-frame-options" in r["headers"]  # middleware ran
