"""Issue 16 item 16: password policy, lockout on password change, session timeouts, and a
password reset without e-mail (the institution's one-time reset code)."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from skillcert.core.models import AuditEntry
from skillcert.core.sessions import SEEN, SINCE
from tests import factories as f

pytestmark = pytest.mark.django_db
NEW = "Qm7-river-lamp"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "password, why",
    [
        ("Ab3$xyz9k", "短"),
        ("8204719365027", "数字"),
        ("zhangsan2026", "相似"),
        ("password123", "常见"),
    ],
)
def test_item16_password_policy_refuses_weak_passwords(password, why):
    """Issue 16 item 16: too short, all digits, like the username, common: refused."""
    user = f.user("zhangsan2026")
    with pytest.raises(ValidationError):
        validate_password(password, user)
    validate_password("Qm7-river-lamp", user)  # a sound one passes


def test_item16_wrong_old_passwords_on_the_change_page_lock_it(client):
    """Issue 16 item 16: the password-change page is the site's own and counts wrong old
    passwords: after 5 the right one is refused too, and the password stays."""
    user = f.user("changer")
    client.force_login(user)
    url = reverse("password_change")
    page = client.get(url)
    assert page.status_code == 200 and "admin" not in page.templates[0].name
    bad = {"old_password": "wrong-one", "new_password1": NEW, "new_password2": NEW}
    for _ in range(5):
        assert client.post(url, bad).status_code == 200
    good = dict(bad, old_password="pw-Secret-123")
    r = client.post(url, good)
    assert r.status_code == 200 and "次数过多" in r.content.decode()
    user.refresh_from_db()
    assert user.check_password("pw-Secret-123")


def test_item16_password_change_works_with_the_right_old_password(client):
    user = f.user("changer2")
    client.force_login(user)
    data = {"old_password": "pw-Secret-123", "new_password1": NEW, "new_password2": NEW}
    assert client.post(reverse("password_change"), data).status_code == 302
    user.refresh_from_db()
    assert user.check_password("Qm7-river-lamp")


def _age(client, **keys):
    session = client.session
    for k, v in keys.items():
        session[k] = v
    session.save()


def test_item16_an_idle_session_ends_after_the_setting(client, settings):
    """Issue 16 item 16: idle longer than SESSION_IDLE_MINUTES (30 by default): signed out."""
    assert settings.SESSION_IDLE_MINUTES == 30
    client.force_login(f.user("idle"))
    assert client.get("/").status_code == 200
    _age(client, **{SEEN: time.time() - 31 * 60})
    r = client.get("/")
    assert r.status_code == 302 and reverse("login") in r.headers["Location"]


def test_item16_a_staff_session_ends_at_its_absolute_age(client, institution, settings):
    """Issue 16 item 16: a member's session ends SESSION_STAFF_MAX_HOURS after sign-in
    however busy; a candidate's is kept while in use."""
    staff = f.member(institution)
    client.force_login(staff)
    client.get("/")
    _age(client, **{SINCE: time.time() - (settings.SESSION_STAFF_MAX_HOURS * 3600 + 1)})
    r = client.get("/")
    assert r.status_code == 302 and reverse("login") in r.headers["Location"]
    client.force_login(f.user("cand"))
    client.get("/")
    _age(client, **{SINCE: time.time() - (settings.SESSION_STAFF_MAX_HOURS * 3600 + 1)})
    assert client.get("/").status_code == 200


def test_item16_institution_reset_code_sets_a_new_password_once(client, staff, sitting, enrol):
    """Issue 16 item 16: a manager issues a one-time reset code for the account of a person
    of the institution (page and API, audited); with it the user sets a new password on
    the site's own page; the code does not work twice and a wrong one changes nothing."""
    person = enrol(sitting, 1)[0].person
    person.user = f.user("noemail")
    person.save(update_fields=["user"])
    client.force_login(staff)
    r = client.post(f"/api/institutions/{sitting.institution_id}/people/{person.pk}/reset-codes")
    assert r.status_code == 201
    code = r.json()["code"]
    client.logout()
    url = reverse("password_reset_code")
    form = {"username": "noemail", "code": "WRONG-CODE9", "password": NEW, "password2": NEW}
    assert "不正确" in client.post(url, form).content.decode()
    person.user.refresh_from_db()
    assert person.user.check_password("pw-Secret-123")
    assert client.post(url, dict(form, code=code)).status_code == 302
    person.user.refresh_from_db()
    assert person.user.check_password("Qm7-river-lamp")
    again = dict(form, code=code, password="Other-pass-77", password2="Other-pass-77")
    assert "不正确" in client.post(url, again).content.decode()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"person.reset_code_issue", "user.password_reset_by_code"} <= actions


def test_item16_password_reset_is_the_sites_own_code_page(client):
    """Issue 16 item 16: the reset link leads to the institution-code page of the site, not
    to Django's e-mail form drawn with the admin's templates."""
    r = client.get("/accounts/password_reset/")
    assert r.status_code in (301, 302) and r.headers["Location"] == reverse("password_reset_code")
    page = client.get(reverse("password_reset_code"))
    assert page.status_code == 200 and "重置码" in page.content.decode()
    assert reverse("password_reset_code") in client.get(reverse("login")).content.decode()
