"""Issue 16 item 18 (EXAM-05): sign-in locks can be set off by others (5 wrong tries lock a
ticket, 50 an address a whole room may share behind NAT), so the proctor sees the locks of
the exam on the console and lifts them (audited, page and API); a second session of one
attempt while the first is live shows on the console."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from skillcert.core.models import AuditEntry
from skillcert.exams.models import Answer
from skillcert.exams.signin import candidate_signin

from .helpers import make_exam, seat_all, sign_in

pytestmark = pytest.mark.django_db

NAT = "10.1.2.3"


@pytest.fixture
def running(institution, sitting, enrol):
    enrol(sitting, 4)
    seats = seat_all(institution, sitting)
    return make_exam(sitting), seats


def _try(exam, seat, number, address=NAT):
    ticket = seat if isinstance(seat, str) else seat.ticket_number
    body = {"ticket": ticket, "id_number": number, "exam": exam.pk}
    from django.test import Client

    return Client(REMOTE_ADDR=address).post(
        "/exam/api/signin", json.dumps(body), content_type="application/json"
    )


def test_item18_proctor_sees_and_lifts_a_ticket_lock_audited(client, running, staff):
    """Issue 16 item 18: someone types a candidate's ticket wrong five times; the console
    lists the lock with "解除锁定"; lifting it lets the candidate in and is audited."""
    exam, seats = running
    victim = seats[0]
    for _ in range(5):
        _try(exam, victim, "X")
    right = victim.registration.person.id_number
    assert _try(exam, victim, right).status_code == 429
    client.force_login(staff)
    console = f"/i/{exam.institution_id}/exams/{exam.pk}/"
    html = client.get(console).content.decode()
    assert victim.ticket_number in html.split('id="signin-locks"')[1] and "解除锁定" in html
    r = client.post(f"{console}unlock/", {"ticket": victim.ticket_number})
    assert r.status_code == 302
    assert _try(exam, victim, right).status_code == 200
    entry = AuditEntry.objects.get(action="exam.signin_unlock")
    assert entry.after == {"ticket": victim.ticket_number} and entry.actor_id == staff.pk


def test_item18_api_lists_and_lifts_an_address_lock(client, running, staff):
    """Issue 16 item 18: a room behind one NAT address is locked by 50 wrong tries; the API
    lists the address (a candidate of the exam signed in from it) and lifts the lock."""
    exam, seats = running
    assert _try(exam, seats[0], seats[0].registration.person.id_number).status_code == 200
    for i in range(50):  # made-up tickets: each counts against the address only
        _try(exam, f"2699{i:011d}", "X")
    assert _try(exam, seats[1], seats[1].registration.person.id_number).status_code == 429
    client.force_login(staff)
    api = f"/api/i/{exam.institution_id}/exams/{exam.pk}/signin-locks"
    locks = client.get(api).json()["locks"]
    assert {"kind": "address", "key": NAT} in [{"kind": x["kind"], "key": x["key"]} for x in locks]
    r = client.post(f"{api}/lift", {"address": NAT}, content_type="application/json")
    assert r.status_code == 200
    assert all(x["key"] != NAT for x in r.json()["locks"])
    assert _try(exam, seats[1], seats[1].registration.person.id_number).status_code == 200
    bad = client.post(f"{api}/lift", {"address": "not-an-ip"}, content_type="application/json")
    assert bad.status_code == 400


def test_item18_a_second_session_while_the_first_is_live_shows_on_the_console(
    client, running, staff
):
    """Issue 16 item 18: the attempt saved a moment ago and signs in again: the console
    says "同一考生存在两个会话"; a reload long after the last save does not."""
    exam, seats = running
    first = sign_in(exam, seats[0]).attempt
    Answer.objects.create(attempt=first, item_id=1, value=[0], seq=1, saved_at=timezone.now())
    candidate_signin(
        exam_id=exam.pk,
        ticket=seats[0].ticket_number,
        id_number=seats[0].registration.person.id_number,
        address="127.0.0.1",
    )
    quiet = sign_in(exam, seats[1]).attempt
    Answer.objects.create(
        attempt=quiet, item_id=1, value=[0], seq=1, saved_at=timezone.now() - timedelta(hours=1)
    )
    sign_in(exam, seats[1])
    client.force_login(staff)
    html = client.get(f"/i/{exam.institution_id}/exams/{exam.pk}/").content.decode()
    assert "同一考生存在两个会话" in html and seats[0].ticket_number in html
    warning = html.split('id="parallel-sessions"')[1].split("</ul>")[0]
    assert seats[0].ticket_number in warning and seats[1].ticket_number not in warning
    api = client.get(f"/api/i/{exam.institution_id}/exams/{exam.pk}/signin-locks").json()
    assert [p["attempt"] for p in api["parallel"]] == [first.pk]


def test_item18_outsiders_may_not_lift_locks(client, running, outsider):
    exam, seats = running
    client.force_login(outsider)
    r = client.post(f"/i/{exam.institution_id}/exams/{exam.pk}/unlock/", {"address": NAT})
    assert r.status_code == 404
    assert not AuditEntry.objects.filter(action="exam.signin_unlock").exists()
