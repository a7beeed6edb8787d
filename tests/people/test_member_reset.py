"""Issue 16 item 16: a password reset for staff logins with no person on file (考务, 督导员,
考评员 accounts), in the site's own pages: a manager of the institution issues a one-time
reset code from the members page /i/<iid>/members/ or the API; the user enters it at
/accounts/reset-code/. Single use, hashed at rest, expiring, audited, locked on guesses;
another institution's member is 404, a reader 403; a director's account only by a
director, a superuser's never by an institution."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from skillcert.people.models import ClaimCode, ExamStaff, Person
from tests import factories as f

pytestmark = pytest.mark.django_db
OLD, NEW = "pw-Secret-123", "Qm7-river-lamp"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def examiner_login(institution):
    """An examiner's login with no Person record: before this item only the admin reset it."""
    return f.member(institution, role=Membership.EXAMINER, username="kaopingyuan")


def api(iid, uid):
    return f"/api/institutions/{iid}/members/{uid}/reset-codes"


def reset(client, username, code, password=NEW):
    form = {"username": username, "code": code, "password": password, "password2": password}
    return client.post(reverse("password_reset_code"), form)


def test_item16_members_page_issues_a_reset_code_for_a_staff_login_used_once(
    client, staff, institution, examiner_login
):
    """Issue 16 item 16: the members page lists the login and, for a manager, issues a code
    shown once (only its hash stored); the user sets a new password with it on the site's
    page; the same code then fails; issue and use are audited."""
    assert not Person.objects.filter(user=examiner_login).exists()
    page = reverse("members_page", args=[institution.pk])
    client.force_login(staff)
    listing = client.get(page).content.decode()
    assert "kaopingyuan" in listing and "生成重置码" in listing
    r = client.post(page, {"user": examiner_login.pk})
    assert r.status_code == 200
    code = r.context["code"]
    assert code and code in r.content.decode()
    stored = ClaimCode.objects.get(account=examiner_login, purpose=ClaimCode.RESET)
    assert code.replace("-", "") not in stored.code_hash
    client.logout()
    assert reset(client, "kaopingyuan", code).status_code == 302
    examiner_login.refresh_from_db()
    assert examiner_login.check_password(NEW)
    again = reset(client, "kaopingyuan", code, password="Other-pass-77")
    assert "不正确" in again.content.decode()
    examiner_login.refresh_from_db()
    assert examiner_login.check_password(NEW)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"user.reset_code_issue", "user.password_reset_by_code"} <= actions


def test_item16_member_reset_code_expires_is_voided_and_needs_its_username(
    client, staff, institution, examiner_login
):
    """Issue 16 item 16: an expired code, a code voided by a newer one and a code typed
    with another username change nothing."""
    client.force_login(staff)
    first = client.post(api(institution.pk, examiner_login.pk)).json()["code"]
    second = client.post(api(institution.pk, examiner_login.pk)).json()["code"]
    client.logout()
    assert "不正确" in reset(client, "kaopingyuan", first).content.decode()
    assert "不正确" in reset(client, staff.username, second).content.decode()
    ClaimCode.objects.filter(account=examiner_login, revoked=False).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert "不正确" in reset(client, "kaopingyuan", second).content.decode()
    examiner_login.refresh_from_db()
    assert examiner_login.check_password(OLD)


def test_item16_member_reset_guesses_lock_the_username(client, staff, institution, examiner_login):
    """Issue 16 item 16: the same lockout as a person's reset: after claim_failures wrong
    codes even the right one is refused for a while."""
    client.force_login(staff)
    code = client.post(api(institution.pk, examiner_login.pk)).json()["code"]
    client.logout()
    for _ in range(5):
        reset(client, "kaopingyuan", "AAAAA-AAAAA")
    assert "尝试次数过多" in reset(client, "kaopingyuan", code).content.decode()
    examiner_login.refresh_from_db()
    assert examiner_login.check_password(OLD)


def test_item16_member_reset_tenancy_readers_and_strangers(
    client, institution, other_institution, examiner_login, outsider
):
    """Issue 16 item 16: another institution (page and API) gets 404; a reader 403; a
    manager asking for another institution's member 404; nothing is issued."""
    page = reverse("members_page", args=[institution.pk])
    client.force_login(outsider)
    assert client.get(page).status_code == 404
    assert client.post(page, {"user": examiner_login.pk}).status_code == 404
    assert client.post(api(institution.pk, examiner_login.pk)).status_code == 404
    reader = f.member(institution, role=Membership.SUPERVISOR)
    client.force_login(reader)
    assert client.post(page, {"user": examiner_login.pk}).status_code == 403
    assert client.post(api(institution.pk, examiner_login.pk)).status_code == 403
    assert "生成重置码" not in client.get(page).content.decode()
    manager = f.member(institution, role=Membership.DIRECTOR)
    client.force_login(manager)
    assert client.post(api(institution.pk, outsider.pk)).status_code == 404
    assert client.post(page, {"user": outsider.pk}).status_code == 404
    assert not ClaimCode.objects.exists()


def test_item16_a_directors_account_only_by_a_director_a_superuser_never(
    client, staff, institution, django_user_model
):
    """Issue 16 item 16 (decided): exam-affairs staff may not reset a director's account
    (a reset code takes the account over); a director may; a superuser who is a member is
    never reset by the institution (the admin does it)."""
    director = f.member(institution, role=Membership.DIRECTOR)
    root = django_user_model.objects.create_superuser("root", password=OLD)
    Membership.objects.create(user=root, institution=institution, role=Membership.EXAMINER)
    client.force_login(staff)
    refused = client.post(api(institution.pk, director.pk))
    assert refused.status_code == 400
    assert "机构负责人" in refused.json()["detail"]["message"]
    assert client.post(api(institution.pk, root.pk)).status_code == 400
    page = client.post(reverse("members_page", args=[institution.pk]), {"user": director.pk})
    assert page.status_code == 200 and not page.context["code"]
    assert not ClaimCode.objects.exists()
    other_director = f.member(institution, role=Membership.DIRECTOR)
    client.force_login(other_director)
    assert client.post(api(institution.pk, director.pk)).status_code == 201
    assert client.post(api(institution.pk, root.pk)).status_code == 400
    assert ClaimCode.objects.filter(account=director).count() == 1


def test_item16_the_person_page_cannot_reset_a_directors_account_either(client, staff, institution):
    """Issue 16 item 16: the same rule serves the person's page: a director on file as a
    staff member of the institution is not reset by exam-affairs staff there."""
    director = f.member(institution, role=Membership.DIRECTOR)
    person = Person.objects.create(name="负责人", id_type="resident", id_hash="d" * 64)
    person.user = director
    person.save(update_fields=["user"])
    ExamStaff.objects.create(person=person, institution=institution, role=ExamStaff.SITE_LEADER)
    client.force_login(staff)
    r = client.post(f"/api/institutions/{institution.pk}/people/{person.pk}/reset-codes")
    assert r.status_code == 400
    assert not ClaimCode.objects.filter(purpose=ClaimCode.RESET).exists()
