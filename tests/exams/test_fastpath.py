"""The production WSGI application answers autosaves through the fast path (no middleware,
no URL resolver) with the same contract as the routed view; other paths reach Django."""

import io
import json
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from skillcert.exams.models import Answer
from skillcert.wsgi import application

from .helpers import make_exam, seat_all, sign_in

pytestmark = pytest.mark.django_db


def _call(path: str, body: bytes = b"", token: str = "", method: str = "POST"):
    environ = {
        "PATH_INFO": path,
        "REQUEST_METHOD": method,
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "HTTP_X_EXAM_TOKEN": token,
        "SERVER_NAME": "127.0.0.1",
    }
    setup_testing_defaults(environ)
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    # As Django's test client does: the test's transaction is not a stale connection to close.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        payload = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], payload


def test_autosave_through_the_wsgi_fast_path_is_idempotent(institution, sitting, enrol):
    enrol(sitting, 2)
    exam = make_exam(sitting)
    signed = sign_in(exam, seat_all(institution, sitting)[0])
    body = json.dumps({"answers": [{"item": 1000, "value": [2], "seq": 4}]}).encode()
    status, headers, payload = _call("/exam/api/save", body, signed.token)
    assert status.startswith("200") and json.loads(payload)["saved"] == [[1000, 4]]
    assert headers["X-Content-Type-Options"] == "nosniff"
    stale = json.dumps({"answers": [{"item": 1000, "value": [0], "seq": 3}]}).encode()
    _call("/exam/api/save", stale, signed.token)
    stored = Answer.objects.get(attempt=signed.attempt, item_id=1000)
    assert (stored.value, stored.seq) == ([2], 4)


def test_fast_path_refuses_a_missing_token_and_a_bad_body():
    status, _, payload = _call("/exam/api/save", b'{"answers": []}')
    assert status.startswith("401") and "重新登录" in json.loads(payload)["detail"]["message"]
    status, _, _ = _call("/exam/api/save", b"{not json", "1.2.3")
    assert status.startswith("401") or status.startswith("400")


def test_other_paths_go_through_django():
    status, headers, _ = _call("/", method="GET")
    assert status.startswith("302") and "X-Frame-Options" in headers  # middleware ran
