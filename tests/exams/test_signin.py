"""Sign-in with ticket and ID number, entry window (EXAM-05), sealed paper (EXAM-04)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.exams import paper
from skillcert.exams.models import Exam, ExamAttempt
from skillcert.exams.services import exam_questions
from skillcert.exams.signin import token_attempt_id

from .helpers import make_exam, questions, seat_all, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def seats(institution, sitting, enrol):
    enrol(sitting, 4)
    return seat_all(institution, sitting)


def _api_signin(client, **body):
    return client.post("/exam/api/signin", json.dumps(body), content_type="application/json")


def test_signin_api_gives_a_token_for_the_attempt(client, sitting, seats):
    exam = make_exam(sitting)
    seat = seats[0]
    r = _api_signin(
        client,
        ticket=seat.ticket_number,
        id_number=seat.registration.person.id_number,
        exam=exam.pk,
    )
    assert r.status_code == 200, r.content
    body = r.json()
    attempt = ExamAttempt.objects.get(exam=exam, registration=seat.registration)
    assert token_attempt_id(body["token"]) == attempt.pk == body["attempt"]
    assert body["name"] == seat.registration.person.name
    exam.refresh_from_db()
    assert exam.status == Exam.OPEN  # the first sign-in opens the paper (EXAM-04)


def test_wrong_pair_is_a_clear_chinese_error_and_changes_nothing(client, sitting, seats):
    exam = make_exam(sitting)
    other = seats[1].registration.person.id_number
    r = _api_signin(client, ticket=seats[0].ticket_number, id_number=other, exam=exam.pk)
    assert r.status_code == 400
    assert r.json()["detail"]["message"] == "准考证号或证件号码不正确，请核对后重新输入"
    r = _api_signin(client, ticket="269999999999999", id_number=other, exam=exam.pk)
    assert r.status_code == 400 and "准考证号" in r.json()["detail"]["message"]
    assert not ExamAttempt.objects.exists()


@pytest.mark.parametrize("body", [{}, {"ticket": 1, "id_number": []}, {"exam": "x"}, []])
def test_malformed_signin_bodies_are_400(client, body):
    r = client.post("/exam/api/signin", json.dumps(body), content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["message"]


def test_repeated_failures_lock_the_ticket_EXAM_05(client, sitting, seats):
    exam = make_exam(sitting)
    seat = seats[0]
    for _ in range(5):
        r = _api_signin(client, ticket=seat.ticket_number, id_number="X", exam=exam.pk)
        assert r.status_code == 400
    right = seat.registration.person.id_number
    r = _api_signin(client, ticket=seat.ticket_number, id_number=right, exam=exam.pk)
    assert r.status_code == 429 and "失败次数过多" in r.json()["detail"]["message"]
    # another candidate of the room is not locked out
    s2 = seats[1]
    r = _api_signin(
        client, ticket=s2.ticket_number, id_number=s2.registration.person.id_number, exam=exam.pk
    )
    assert r.status_code == 200


def test_exam_05_entry_opens_20_minutes_before_the_start(sitting, seats):
    exam = make_exam(sitting, starts_in_minutes=30)
    with pytest.raises(DomainError) as e:
        sign_in(exam, seats[0])
    assert e.value.code == "entry_not_open" and e.value.rule == "EXAM-05"
    s = sign_in(exam, seats[0], now=exam.starts_at - timedelta(minutes=19))
    assert s.attempt.started_at < exam.starts_at


def test_exam_05_late_arrival_after_30_minutes_is_refused_and_absent(sitting, seats):
    exam = make_exam(sitting, starts_in_minutes=-31)
    with pytest.raises(DomainError) as e:
        sign_in(exam, seats[0])
    assert e.value.code == "entry_closed" and "缺考" in e.value.message
    assert not ExamAttempt.objects.filter(exam=exam).exists()  # attendance: absent
    late_but_in = make_exam(sitting, starts_in_minutes=-29)
    assert sign_in(late_but_in, seats[0]).attempt.pk


def test_exam_05_a_candidate_already_in_may_sign_in_again_after_entry_closes(sitting, seats):
    """A computer failure: the candidate moves to another machine (EXAM-10)."""
    exam = make_exam(sitting, starts_in_minutes=-10)
    first = sign_in(exam, seats[0])
    again = sign_in(exam, seats[0], now=exam.starts_at + timedelta(minutes=45))
    assert again.attempt.pk == first.attempt.pk
    assert ExamAttempt.objects.get(pk=first.attempt.pk).sign_ins == 2


def test_exam_04_paper_is_sealed_at_rest_and_closed_before_entry(sitting):
    exam = make_exam(sitting, starts_in_minutes=60)
    raw = bytes(Exam.objects.get(pk=exam.pk).sealed_questions)
    assert "第1题题干".encode() not in raw and b"item_id" not in raw
    with pytest.raises(DomainError) as e:
        exam_questions(exam)
    assert e.value.rule == "EXAM-04"
    at_entry = exam.starts_at - timedelta(minutes=20)
    assert exam_questions(exam, now=at_entry)[0]["stem"] == "第1题题干"


def test_items_and_options_are_shuffled_per_attempt(sitting, seats):
    exam = make_exam(sitting, paper=questions(40))
    orders = [sign_in(exam, s).attempt.order for s in seats]
    assert len({tuple(o["items"]) for o in orders}) == len(orders)
    assert all(sorted(o["items"]) == sorted(exam.item_ids) for o in orders)
    shown = paper.shown_paper(exam_questions(exam), orders[0])
    assert "answer" not in json.dumps(shown)  # the page never gets the key
    assert [q["item"] for q in shown] == orders[0]["items"]


@pytest.mark.parametrize(
    "bad,message",
    [
        ({"kind": "essay"}, "题型"),
        ({"answer": [7]}, "超出范围"),
        ({"points": "-1"}, "分值"),
        ({"extra": 1}, "恰好包含"),
    ],
)
def test_exam_create_refuses_bad_questions_naming_the_item(sitting, bad, message):
    qs = questions(4)
    qs[2] = qs[0] | bad
    with pytest.raises(DomainError) as e:
        make_exam(sitting, paper=qs)
    assert e.value.message.startswith("第3题") and message in e.value.message
    assert not Exam.objects.exists()


def test_signin_page_uses_the_same_service(client, sitting, seats):
    exam = make_exam(sitting)
    seat = seats[0]
    r = client.post(
        f"/exam/{exam.pk}/", {"ticket": seat.ticket_number, "id_number": "110101199001011234"}
    )
    assert r.status_code == 400 and "准考证号或证件号码不正确" in r.content.decode()
    r = client.post(
        f"/exam/{exam.pk}/",
        {"ticket": seat.ticket_number, "id_number": seat.registration.person.id_number},
    )
    assert r.status_code == 200 and "exam-token" in r.content.decode()
    assert timezone.now() < ExamAttempt.objects.get().ends_at
