"""Issue 16 item 21: 开通账号. A manager opens a login for a person of the institution: a
username and a temporary password that must be changed at the first login; the account
becomes a member with the examiner role; audited; pages and API; the panel page links it."""

import pytest
from django.urls import reverse

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from skillcert.people.accounts import person_account_open
from tests import factories as f

from .conftest import add_examiner, person

pytestmark = pytest.mark.django_db


def test_item21_account_open_makes_an_examiner_member_who_must_change_password(
    client, institution, staff
):
    """Issue 16 item 21: the opened login belongs to the examiner, is an examiner member of
    the institution, is audited without the password, and reaches nothing but the page
    that replaces the temporary password until it is replaced."""
    examiner = add_examiner(institution, who=person("待开通"))
    user, password = person_account_open(
        actor=staff, institution=institution, person=examiner.person, username="kp_daikaitong"
    )
    examiner.person.refresh_from_db()
    assert examiner.person.user == user
    assert Membership.objects.filter(
        user=user, institution=institution, role=Membership.EXAMINER
    ).exists()
    entry = AuditEntry.objects.get(action="person.account_open")
    assert entry.after["username"] == "kp_daikaitong" and password not in str(entry.after)

    login = client.post(
        reverse("login"), {"username": "kp_daikaitong", "password": password}
    )  # the real login form (axes needs the request)
    assert login.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"] == reverse("account_first_password")
    api = client.get(f"/api/institutions/{institution.pk}/examiners")
    assert api.status_code == 403 and api.json()["detail"]["code"] == "password_change_required"
    bad = client.post(
        reverse("account_first_password"), {"old_password": "wrong", "new_password": "x"}
    )
    assert "临时密码不正确" in bad.content.decode()
    client.post(
        reverse("account_first_password"),
        {"old_password": password, "new_password": "Kaoping-2026-new"},
    )
    assert client.get(f"/api/institutions/{institution.pk}/examiners").status_code == 200
    assert client.get(reverse("home"))["Location"] != reverse("account_first_password")
    user.refresh_from_db()
    assert user.check_password("Kaoping-2026-new")


def test_item21_account_open_refusals_change_nothing(institution, other_institution, staff):
    """Issue 16 item 21: only a person of the institution without a login, a well-formed
    and free username; a refusal writes nothing."""
    stranger = person("外人")
    add_examiner(other_institution, who=stranger)
    with pytest.raises(DomainError) as exc:
        person_account_open(actor=staff, institution=institution, person=stranger, username="ok_1")
    assert exc.value.code == "account_person"
    mine = add_examiner(institution, who=person("本机构"), card_number="KP-2")
    with pytest.raises(DomainError) as exc:
        person_account_open(actor=staff, institution=institution, person=mine.person, username="a")
    assert exc.value.field == "username"
    with pytest.raises(DomainError) as exc:
        person_account_open(
            actor=staff, institution=institution, person=mine.person, username=staff.username
        )
    assert exc.value.code == "account_username_taken"
    mine.person.refresh_from_db()
    assert (
        mine.person.user_id is None
        and not AuditEntry.objects.filter(action="person.account_open").exists()
    )
    person_account_open(actor=staff, institution=institution, person=mine.person, username="kp2")
    with pytest.raises(DomainError) as exc:
        person_account_open(actor=staff, institution=institution, person=mine.person, username="k3")
    assert exc.value.code == "account_exists"


def test_item21_account_page_and_api_with_tenancy(client, institution, staff, outsider):
    """Issue 16 item 21: the page shows the temporary password once; the API returns it;
    readers get 403, other institutions 404."""
    a = add_examiner(institution, who=person("页面开通"))
    b = add_examiner(institution, who=person("接口开通"), card_number="KP-3")
    url = reverse("person_account", args=[institution.pk, a.person.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    api = f"/api/institutions/{institution.pk}/persons/{b.person.pk}/account"
    assert client.post(api, {"username": "x_1"}, content_type="application/json").status_code == 404
    client.force_login(f.member(institution, Membership.SUPERVISOR))
    assert client.get(url).status_code == 403
    assert client.post(api, {"username": "x_1"}, content_type="application/json").status_code == 403
    client.force_login(staff)
    page = client.post(url, {"username": "kp_page"}).content.decode()
    assert "kp_page" in page and "临时密码只显示这一次" in page
    r = client.post(api, {"username": "kp_api"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["must_change_password"] is True
    assert len(r.json()["temporary_password"]) >= 12
    again = client.post(api, {"username": "kp_api2"}, content_type="application/json")
    assert again.status_code == 400 and again.json()["detail"]["code"] == "account_exists"


def test_item21_panel_setup_links_examiners_without_login(client, institution, staff, sitting):
    """Issue 16 item 21: the panel page no longer only says "请先为其开通账号": it links
    each examiner of the staffing plan without a login to the page that opens one."""
    from skillcert.arrangement.models import SittingStaffing, StaffAssignment

    e = add_examiner(institution, who=person("无账号考评"))
    plan = SittingStaffing.objects.create(institution=institution, sitting=sitting, seed=1)
    StaffAssignment.objects.create(
        plan=plan,
        person=e.person,
        role=StaffAssignment.EXAMINER,
        occupation=sitting.occupation,
        level=sitting.level,
    )
    client.force_login(staff)
    page = client.get(reverse("panel_setup", args=[institution.pk, sitting.pk])).content.decode()
    link = reverse("person_account", args=[institution.pk, e.person.pk])
    assert "无账号考评" in page and link in page
    person_account_open(actor=staff, institution=institution, person=e.person, username="kp_ok")
    page = client.get(reverse("panel_setup", args=[institution.pk, sitting.pk])).content.decode()
    assert link not in page
