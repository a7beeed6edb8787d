"""The sign-in fast path (exams/signin_fast.py, PostgreSQL) answers exactly as the routed view
(EXAM-05): each case is played once through skillcert.asgi's application (the fast path) and
once, from the same starting state, through Django alone; the status, the JSON (the token's
format and expiry), the attempt row, the lock counters and the audit trail must agree."""

import json
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from skillcert.asgi import application, django_application
from skillcert.core.models import AuditEntry
from skillcert.core.rules import rules
from skillcert.exams.models import Answer, Exam, ExamAttempt
from skillcert.exams.signin import _locks, token_attempt_id
from skillcert.plans.models import Registration

from .asgi import request, run
from .helpers import make_exam, seat_all, sign_in

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ADDRESS = "10.0.0.7"
ATTEMPT_FIELDS = (
    "exam_id", "registration_id", "ends_at", "sign_ins", "signin_address",
    "parallel_address", "extra_minutes", "submitted_by",
)  # fmt: skip


@pytest.fixture(autouse=True)
def _close_view_connections():
    """Django's views ran in asgiref's thread: close its connections (the test database is
    dropped at the end)."""
    yield
    run(sync_to_async(connections.close_all)())


@pytest.fixture
def seats(postgres, institution, sitting, enrol):
    enrol(sitting, 3)
    return seat_all(institution, sitting)


def _body(seat, *, id_number=None, exam=None) -> dict:
    body = {"ticket": seat.ticket_number.lower() + " "}  # normalised alike
    body["id_number"] = seat.registration.person.id_number if id_number is None else id_number
    if exam is not None:
        body["exam"] = exam.pk
    return body


def _state(seat, since: int = 0) -> dict:
    """What a sign-in may change: the candidate's attempts, the locks, the audit trail."""
    attempts = [
        {
            **{f: getattr(a, f) for f in ATTEMPT_FIELDS},
            "parallel": a.parallel_at is not None,
            "submitted": a.submitted_at is not None,
            "order_items": sorted(a.order["items"]),
            "order_options": sorted(a.order["options"]),
        }
        for a in ExamAttempt.objects.filter(registration=seat.registration).order_by("exam_id")
    ]
    by_ticket, by_address = _locks()
    ticket = seat.ticket_number
    locks = [
        cache.get(k) is not None
        for lock, key in ((by_ticket, ticket), (by_address, ADDRESS))
        for k in lock._keys(key)
    ] + [cache.get(by_ticket._keys(ticket)[0]), cache.get(by_address._keys(ADDRESS)[0])]
    entries = AuditEntry.objects.filter(pk__gt=since).order_by("pk")
    audit = list(entries.values_list("action", "object_id"))
    return {"attempts": attempts, "locks": locks, "audit": audit}


def _normal(payload: dict) -> dict:
    """The answer with what differs between two runs (the attempt's id) checked and set aside."""
    if "token" not in payload:
        return payload
    out = dict(payload)
    token = out.pop("token")
    assert token_attempt_id(token) == out.pop("attempt")
    attempt = ExamAttempt.objects.get(pk=payload["attempt"])
    expires = int((attempt.ends_at + timedelta(hours=12)).timestamp())
    assert token.split(".")[1] == str(expires) and len(token.split(".")[2]) == 32
    out["remaining_seconds"] = abs(out["remaining_seconds"] - payload["remaining_seconds"]) <= 2
    return out


def _play(app, body, seat, *, raw=None, method="POST") -> tuple:
    since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    data = raw if raw is not None else json.dumps(body).encode()
    r = run(request(app, "/exam/api/signin", method=method, body=data, client=ADDRESS))
    assert r["headers"]["content-type"] == "application/json"
    payload = json.loads(r["body"])
    return r["status"], _normal(payload), _state(seat, since)


def _same(prepare, body, seat, **kw) -> tuple:
    """Play `body` from the state `prepare()` makes, through each application; both alike."""
    outcomes = []
    for app in (application, django_application):
        ExamAttempt.objects.filter(registration__sitting=seat.registration.sitting).delete()
        cache.clear()
        prepare()
        outcomes.append(_play(app, body, seat, **kw))
    assert outcomes[0] == outcomes[1]
    return outcomes[0]


def _nothing():
    pass


def _open_exam(sitting, **kw) -> Exam:
    """An exam already opened (its first sign-in did that: the last test shows it)."""
    exam = make_exam(sitting, **kw)
    Exam.objects.filter(pk=exam.pk).update(status=Exam.OPEN, opened_at=timezone.now())
    exam.refresh_from_db()
    return exam


def test_first_sign_in_makes_the_same_attempt_and_token_EXAM_05(sitting, seats):
    exam = _open_exam(sitting)
    status, payload, state = _same(_nothing, _body(seats[0], exam=exam), seats[0])
    assert status == 200 and payload["exam"] == exam.pk and payload["seat_no"] == 1
    assert payload["remaining_seconds"] is True and payload["room"]
    assert state["attempts"][0]["signin_address"] == ADDRESS
    assert state["attempts"][0]["order_items"] == sorted(exam.item_ids)
    # Without an exam id: the sitting's exam of the day, as the routed view picks it.
    status, payload, _ = _same(_nothing, _body(seats[0]), seats[0])
    assert status == 200 and payload["exam"] == exam.pk


def test_wrong_id_number_and_unknown_ticket_count_a_failure_alike_EXAM_05(sitting, seats):
    _open_exam(sitting)
    wrong = _body(seats[0], id_number="110101199001011234")
    status, payload, state = _same(_nothing, wrong, seats[0])
    assert status == 400 and payload["detail"]["code"] == "signin_wrong"
    assert state["attempts"] == [] and state["locks"][-2:] == [1, 1]
    unknown = {"ticket": "NOSUCHTICKET", "id_number": "x"}
    status, payload, _ = _same(_nothing, unknown, seats[0])
    assert status == 400 and payload["detail"]["code"] == "signin_wrong"


def test_a_locked_ticket_is_refused_429_alike_EXAM_05(sitting, seats):
    exam = _open_exam(sitting)
    wrong = _body(seats[0], id_number="110101199001011234")

    def almost_locked():  # one failure short of the lock, through the routed view
        for _ in range(rules().exam_signin_failures - 1):
            run(request(django_application, "/exam/api/signin", body=json.dumps(wrong).encode()))

    status, payload, state = _same(almost_locked, wrong, seats[0])
    assert status == 400 and state["locks"][1] is True  # this failure locked the ticket

    def locked():
        almost_locked()
        run(request(django_application, "/exam/api/signin", body=json.dumps(wrong).encode()))

    status, payload, state = _same(locked, _body(seats[0], exam=exam), seats[0])
    assert status == 429 and payload["detail"]["code"] == "signin_locked"
    assert state["attempts"] == []


def test_second_session_is_marked_alike_EXAM_05(sitting, seats):
    exam = _open_exam(sitting)

    def first_session_saving():
        signed = sign_in(exam, seats[0])  # from the test's own address ("")
        ExamAttempt.objects.filter(pk=signed.attempt.pk).update(signin_address="10.0.0.1")
        Answer.objects.create(
            attempt=signed.attempt, item_id=exam.item_ids[0], value=[1], seq=1,
            saved_at=timezone.now(),
        )  # fmt: skip

    status, payload, state = _same(first_session_saving, _body(seats[0], exam=exam), seats[0])
    assert status == 200
    assert state["attempts"][0]["sign_ins"] == 2 and state["attempts"][0]["parallel"] is True
    assert state["attempts"][0]["parallel_address"] == ADDRESS

    def reload_after_a_crash():  # same address, no recent save: counted, not marked
        signed = sign_in(exam, seats[0])
        ExamAttempt.objects.filter(pk=signed.attempt.pk).update(signin_address=ADDRESS)

    status, payload, state = _same(reload_after_a_crash, _body(seats[0], exam=exam), seats[0])
    assert status == 200 and state["attempts"][0]["parallel"] is False
    assert state["attempts"][0]["sign_ins"] == 2


def test_closed_entry_submitted_and_over_are_refused_alike_EXAM_05(sitting, seats):
    late = _open_exam(sitting, starts_in_minutes=-45)  # entry closes 30 min after the start
    status, payload, state = _same(_nothing, _body(seats[0], exam=late), seats[0])
    assert status == 400 and payload["detail"]["code"] == "entry_closed"
    assert state["attempts"] == []

    early = _open_exam(sitting, starts_in_minutes=60)
    status, payload, _ = _same(_nothing, _body(seats[0], exam=early), seats[0])
    assert payload["detail"]["code"] == "entry_not_open"

    exam = _open_exam(sitting)

    def submitted():
        signed = sign_in(exam, seats[0])
        ExamAttempt.objects.filter(pk=signed.attempt.pk).update(submitted_at=timezone.now())

    status, payload, _ = _same(submitted, _body(seats[0], exam=exam), seats[0])
    assert payload["detail"]["code"] == "signin_submitted"

    def closed():
        Exam.objects.filter(pk=exam.pk).update(status=Exam.CLOSED)

    status, payload, _ = _same(closed, _body(seats[0], exam=exam), seats[0])
    assert payload["detail"]["code"] == "signin_over"


def test_not_approved_other_sitting_and_bad_bodies_alike(sitting, seats):
    exam = _open_exam(sitting)

    def rejected():
        Registration.objects.filter(pk=seats[1].registration_id).update(status="rejected")

    status, payload, _ = _same(rejected, _body(seats[1], exam=exam), seats[1])
    assert payload["detail"]["code"] == "signin_not_approved"
    status, payload, _ = _same(_nothing, {**_body(seats[0]), "exam": 2**30}, seats[0])
    assert payload["detail"]["code"] == "signin_exam"
    for body in ({"ticket": "", "id_number": " "}, {"ticket": 1}, {**_body(seats[0]), "exam": "1"}):
        status, payload, state = _same(_nothing, body, seats[0])
        assert status == 400 and payload["detail"]["field"] and state["attempts"] == []
    for raw in (b"{not json", b"[]", b""):
        status, payload, _ = _same(_nothing, None, seats[0], raw=raw)
        assert status == 400
    status, payload, _ = _same(_nothing, None, seats[0], raw=b"", method="GET")
    assert status == 405


def test_first_sign_in_to_a_scheduled_exam_opens_it_audited_alike_EXAM_04(sitting, seats):
    exam = make_exam(sitting, starts_in_minutes=10)  # entry open, exam not yet opened

    def scheduled():
        Exam.objects.filter(pk=exam.pk).update(status=Exam.SCHEDULED, opened_at=None)

    status, payload, state = _same(scheduled, _body(seats[0], exam=exam), seats[0])
    assert status == 200 and ("exam.open", str(exam.pk)) in state["audit"]
