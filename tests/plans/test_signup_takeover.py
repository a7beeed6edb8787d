"""Issue 16 item 2 (PEOPLE-01): sign-up never takes over a person on file.

A name and an ID number are no proof (they are printed on tickets and rosters): a stranger
who signs up with them gets an account that is NOT linked, so no panel grid, no scores, no
appeals; the answer is the same whatever is on file; sign-up is rate limited per address.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.urls import reverse

from skillcert.people.models import Person
from skillcert.plans.registration.views import SIGNUP_DONE, SIGNUP_LIMITED
from tests import factories as f
from tests.panels import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The sign-up limit counts in the cache; no test may inherit another's count."""
    cache.clear()
    yield
    cache.clear()


def sign_up(client, name, number, username, **extra):
    data = {
        "name": name,
        "id_type": "resident",
        "id_number": number,
        "phone": "13900000000",
        "username": username,
        "password": "pw-Secret-123",
        "password2": "pw-Secret-123",
    }
    return client.post("/register/", data, **extra)


def test_item2_stranger_with_examiners_name_and_id_gets_no_panel_grid_PEOPLE_01(
    client, sitting, enrol
):
    """Issue 16 item 2 (PEOPLE-01): an examiner on file who never signed up; a stranger who
    knows their name and ID signs up with them: the account is not linked and the panel's
    score grid (page and API) answers 404."""
    s = h.build(sitting, enrol)
    examiner = s.examiners[1]
    examiner.user = None
    examiner.save(update_fields=["user"])
    r = sign_up(client, examiner.name, examiner.id_number, "stranger")
    assert r.status_code == 302
    stranger = get_user_model().objects.get(username="stranger")
    assert not Person.objects.filter(user=stranger).exists()
    assert Person.objects.get(pk=examiner.pk).user_id is None
    iid, p = s.panel.institution_id, s.panel
    grid = reverse("panel_grid", args=[iid, p.pk, s.modules[0].pk])
    assert client.get(grid).status_code == 404
    assert client.get(f"/api/institutions/{iid}/panels/{p.pk}/status").status_code == 404
    assert client.get(reverse("my_panels")).content.decode().count(p.sitting.name) == 0


def test_item2_a_person_link_without_membership_grants_no_panel_rights_PEOPLE_01(
    client, sitting, enrol
):
    """Issue 16 item 2: panel rights follow a membership of the institution, not the bare
    person link (a link made by an old sign-up, or before the institution knew the person)."""
    s = h.build(sitting, enrol)
    squatter = f.user("squatter")
    examiner = s.examiners[2]
    examiner.user = squatter
    examiner.save(update_fields=["user"])
    client.force_login(squatter)
    grid = reverse("panel_grid", args=[s.panel.institution_id, s.panel.pk, s.modules[0].pk])
    assert client.get(grid).status_code == 404
    client.force_login(s.users[0])  # a member examiner still reaches it
    assert client.get(grid).status_code == 200


def test_item2_stranger_with_candidates_name_and_id_sees_no_scores_or_appeals_PEOPLE_01(
    client, sitting, enrol
):
    """Issue 16 item 2: signing up as a candidate on file shows none of their registrations
    and the appeal form of their registration answers 404."""
    reg = enrol(sitting, 1)[0]
    person = reg.person
    sign_up(client, person.name, person.id_number, "stranger2")
    home = client.get("/").content.decode()
    assert sitting.name not in home and "暂无报名记录" in home
    assert client.get(reverse("appeal_new", args=[reg.pk])).status_code == 404
    assert Person.objects.get(pk=person.pk).user_id is None


def _answer(client, name, number, username):
    r = sign_up(client, name, number, username)
    msgs = [str(m) for m in get_messages(r.wsgi_request)]
    home = re.sub(r"[A-Za-z0-9]{64}", "TOKEN", client.get("/").content.decode())  # CSRF
    home = home.replace(username, "USER")
    home = re.sub(r'nonce="[^"]+"', 'nonce="NONCE"', home)  # CSP: a fresh nonce per page
    client.logout()
    return r.status_code, r.headers.get("Location"), msgs, home


def test_item2_same_answer_whether_the_id_is_on_file_or_not_PEOPLE_01(client, sitting, enrol):
    """Issue 16 item 2: a fresh ID, an ID on file, an ID on file with another name and an ID
    whose person already has an account all get the same status, redirect, message and
    home page: sign-up tells nothing about what is on file."""
    on_file = enrol(sitting, 2)
    taken = on_file[1].person
    taken.user = f.user("owner")
    taken.save(update_fields=["user"])
    fresh = _answer(client, "新考生", f.resident_id(seq=951), "signup_a")
    known = _answer(client, on_file[0].person.name, on_file[0].person.id_number, "signup_b")
    other_name = _answer(client, "别的名字", on_file[0].person.id_number, "signup_c")
    has_account = _answer(client, taken.name, taken.id_number, "signup_d")
    assert fresh == known == other_name == has_account
    assert fresh[0] == 302 and fresh[2] == [SIGNUP_DONE]
    assert Person.objects.get(pk=taken.pk).user.username == "owner"


def test_item2_the_11th_sign_up_from_one_address_in_the_window_is_refused_PEOPLE_01(client):
    """Issue 16 item 2: sign-up is rate limited per address (signup_rate_limit = 10 per
    signup_rate_minutes); another address is not affected."""
    for i in range(10):
        r = sign_up(client, "考生", f.resident_id(seq=960 + i), f"rl{i}")
        assert r.status_code == 302, i
        client.logout()
    r = sign_up(client, "考生", f.resident_id(seq=975), "rl10")
    assert r.status_code == 429 and SIGNUP_LIMITED in r.content.decode()
    assert not get_user_model().objects.filter(username="rl10").exists()
    other = sign_up(client, "考生", f.resident_id(seq=976), "rl11", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_item2_signup_ignores_next_pointing_off_site(client):
    """Issue 16 item 16: `/register/?next=https://evil.example/` must not send the new
    user to another site (open redirect); a local `next` still works."""
    data = {
        "name": "考生",
        "id_type": "resident",
        "id_number": f.resident_id(seq=981),
        "phone": "13900000000",
        "username": "nx1",
        "password": "pw-Secret-123",
        "password2": "pw-Secret-123",
    }
    r = client.post("/register/?next=https://evil.example/x", data)
    assert r.status_code == 302 and r.headers["Location"] == "/"
    client.logout()
    data.update(username="nx2", id_number=f.resident_id(seq=982))
    r = client.post("/register/?next=//evil.example/x", data)
    assert r.headers["Location"] == "/"
    client.logout()
    data.update(username="nx3", id_number=f.resident_id(seq=983))
    r = client.post("/register/?next=/results/", data)
    assert r.headers["Location"] == "/results/"
