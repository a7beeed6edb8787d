"""Pages and API of registration: sign-up, apply with live eligibility, review queue (PLAN-08),
tenancy (404 outsiders, 403 readers), candidates see only their own registrations."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from ninja.testing import TestClient

from skillcert.core.audit import audit_verify
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Institution, Membership
from skillcert.plans.models import Registration, Sitting
from skillcert.plans.registration.api import router
from skillcert.plans.registration.forms import ApplyForm
from skillcert.plans.registration.services import registration_apply
from skillcert.plans.web import own_registration_get as registration_of_user
from tests import factories as f

from .test_registration_support import announced_sitting, candidate, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _apply(sitting, person):
    return registration_apply(
        actor=person.user,
        sitting=sitting,
        person=person,
        school_level="secondary",
        graduating_year=2026,
        day=date(2026, 5, 1),
    )


def test_signup_page_creates_account_and_logs_in(client):
    number = f.resident_id(seq=801)
    r = client.post(
        "/register/",
        {
            "name": "陈七",
            "id_type": "resident",
            "id_number": number,
            "phone": "13900000000",
            "username": "chenqi",
            "password": "pw-Secret-123",
            "password2": "pw-Secret-123",
        },
    )
    assert r.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "我的报名" in home.content.decode()


def test_signup_page_names_the_id_field(client):
    r = client.post(
        "/register/",
        {
            "name": "陈七",
            "id_type": "resident",
            "id_number": "4101022004051200",
            "phone": "13900000000",
            "username": "chenqi",
            "password": "pw-Secret-123",
            "password2": "pw-Secret-123",
        },
    )
    assert r.status_code == 200
    assert "身份证号码应为18位" in r.content.decode()
    assert not Registration.objects.exists()


def test_apply_page_live_check_and_submit(client, institution):
    sitting = announced_sitting(institution, level=3, mode="exam", theory_on=date(2026, 6, 1))
    person, user = candidate(802, with_photo=False)
    client.force_login(user)
    page = client.get(f"/apply/{sitting.pk}/")
    assert page.status_code == 200
    assert f"/apply/{sitting.pk}/check/" in page.content.decode()
    assert person.id_masked in page.content.decode()
    # PLAN-04: a secondary-vocational graduate may take 五级 at most in exam mode.
    bad = client.post(
        f"/apply/{sitting.pk}/check/",
        {"school_level": "secondary", "graduating_year": "2026"},
        HTTP_HX_REQUEST="true",
    )
    text = bad.content.decode()
    assert 'id="not-eligible"' in text and "PLAN-04" in text and "PLAN-06" in text
    photo = SimpleUploadedFile("me.png", image_bytes(), content_type="image/png")
    own = {"own_member": "on"}  # INST-11: the college's own student or staff
    good = client.post(
        f"/apply/{sitting.pk}/check/",
        {"school_level": "bachelor", "graduating_year": "2026", "photo": photo, **own},
    )
    assert 'id="eligible"' in good.content.decode()
    photo = SimpleUploadedFile("me.png", image_bytes(), content_type="image/png")
    r = client.post(
        f"/apply/{sitting.pk}/",
        {"school_level": "bachelor", "graduating_year": "2026", "photo": photo, **own},
    )
    assert r.status_code == 302
    reg = Registration.objects.get(person=person)
    assert reg.status == Registration.PENDING
    person.refresh_from_db()
    assert person.photo


def test_a_college_sitting_takes_only_its_own_students_and_staff_INST_11(client, institution):
    sitting = announced_sitting(institution, level=3, mode="exam", theory_on=date(2026, 6, 1))
    assert sitting.institution.kind == Institution.COLLEGE
    person, user = candidate(804)
    client.force_login(user)
    body = {"school_level": "bachelor", "graduating_year": "2026"}
    check = client.post(f"/apply/{sitting.pk}/check/", body).content.decode()
    assert 'id="not-eligible"' in check and "INST-11" in check and "本校在校生和教职工" in check
    r = client.post(f"/apply/{sitting.pk}/", body)
    assert r.status_code == 200 and "本校在校生和教职工" in r.content.decode()
    assert not Registration.objects.filter(person=person).exists()
    r = client.post(f"/apply/{sitting.pk}/", {**body, "own_member": "on"})
    assert r.status_code == 302 and Registration.objects.filter(person=person).exists()


def test_other_institutions_do_not_ask_the_college_declaration_INST_11():
    social = Sitting(institution=Institution(kind=Institution.SOCIAL))
    college = Sitting(institution=Institution(kind=Institution.COLLEGE))
    assert "own_member" not in ApplyForm(sitting=social).fields
    assert "own_member" in ApplyForm(sitting=college).fields


def test_apply_refused_shows_rule(client, institution):
    sitting = announced_sitting(institution)
    person, user = candidate(803)
    client.force_login(user)
    r = client.post(
        f"/apply/{sitting.pk}/",
        {
            "school_level": "secondary",
            "graduating_year": "2026",  # PLAN-10 (issue 16 item 5): process mode needs it
            "training_hours": "30",
            "absent_hours": "11",
            "own_member": "on",
        },
    )
    assert r.status_code == 200
    assert "超过1/3" in r.content.decode() and "PLAN-06" in r.content.decode()
    assert not Registration.objects.exists()


def test_apply_needs_published_announcement(client, institution):
    sitting = f.sitting(institution)  # no announcement
    _, user = candidate(804)
    client.force_login(user)
    assert client.get(f"/apply/{sitting.pk}/").status_code == 404


def test_review_queue_masks_ids_and_decides_in_bulk(client, institution, staff):
    sitting = announced_sitting(institution)
    people = [candidate(810 + i)[0] for i in range(3)]
    regs = [_apply(sitting, p) for p in people]
    client.force_login(staff)
    url = f"/i/{institution.pk}/sittings/{sitting.pk}/review/"
    page = client.get(url).content.decode()
    for p in people:
        assert p.id_masked in page and p.id_number not in page
    assert f"review/{regs[0].pk}/photo.jpg" in page
    assert client.get(f"{url}{regs[0].pk}/photo.jpg")["Content-Type"] == "image/jpeg"
    # PLAN-08: rejecting without a reason is refused.
    r = client.post(url, {"ids": [regs[0].pk], "decision": "reject", "reason": ""})
    assert r.status_code == 200 and "驳回报名须填写审核意见" in r.content.decode()
    r = client.post(
        url, {"ids": [regs[0].pk, regs[1].pk], "decision": "reject", "reason": "材料不全"}
    )
    assert r.status_code == 302
    r = client.post(url, {"ids": [regs[2].pk], "decision": "approve", "reason": ""})
    assert r.status_code == 302
    got = dict(Registration.objects.values_list("pk", "status"))
    assert [got[r.pk] for r in regs] == ["rejected", "rejected", "approved"]
    assert AuditEntry.objects.filter(action="registration.decide").count() == 3
    assert audit_verify().ok
    # The candidate sees the decision and the reason on their home page.
    client.force_login(people[0].user)
    home = client.get("/").content.decode()
    assert "审核未通过" in home


def test_review_tenancy_404_outsider_403_reader(client, institution, outsider):
    sitting = announced_sitting(institution)
    reg = _apply(sitting, candidate(820)[0])
    url = f"/i/{institution.pk}/sittings/{sitting.pk}/review/"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(f"{url}{reg.pk}/photo.jpg").status_code == 404
    reader = f.member(institution, role=Membership.SUPERVISOR)
    client.force_login(reader)
    assert client.get(url).status_code == 200
    r = client.post(url, {"ids": [reg.pk], "decision": "approve"})
    assert r.status_code == 403
    assert Registration.objects.get(pk=reg.pk).status == Registration.PENDING


def test_candidate_cannot_see_another_registration(client, institution):
    from django.http import Http404

    sitting = announced_sitting(institution)
    mine, me = candidate(830)
    theirs, _ = candidate(831)
    reg = _apply(sitting, theirs)
    _apply(sitting, mine)
    with pytest.raises(Http404):
        registration_of_user(me, reg.pk)
    client.force_login(me)
    home = client.get("/").content.decode()
    assert home.count(sitting.name) == 1
    # Nor the staff review page or photo.
    assert client.get(f"/i/{institution.pk}/sittings/{sitting.pk}/review/").status_code == 404


def test_api_list_and_decide(institution, staff, outsider):
    sitting = announced_sitting(institution)
    regs = [_apply(sitting, candidate(840 + i)[0]) for i in range(2)]
    api = TestClient(router)
    base = f"/institutions/{institution.pk}"
    r = api.get(f"{base}/sittings/{sitting.pk}/registrations?status=pending", user=staff)
    assert r.status_code == 200
    body = r.json()
    assert [x["id"] for x in body] == [x.pk for x in regs]
    assert all("*" in x["id_masked"] for x in body)
    r = api.post(
        f"{base}/registrations/decisions",
        json={"ids": [regs[0].pk], "decision": "reject", "reason": "证件不符"},
        user=staff,
    )
    assert r.status_code == 200 and r.json()[0]["status"] == "rejected"
    r = api.get(f"{base}/sittings/{sitting.pk}/registrations?status=pending", user=staff)
    assert [x["id"] for x in r.json()] == [regs[1].pk]
    assert api.get(f"{base}/sittings/{sitting.pk}/registrations", user=outsider).status_code == 404
    reader = f.member(institution, role=Membership.SUPERVISOR)
    r = api.post(
        f"{base}/registrations/decisions",
        json={"ids": [regs[1].pk], "decision": "approve"},
        user=reader,
    )
    assert r.status_code == 403


def test_plan06_apply_page_refuses_text_file_renamed_jpg(client, institution):
    sitting = announced_sitting(institution)
    person, user = candidate(850, with_photo=False)
    client.force_login(user)
    fake = SimpleUploadedFile("photo.jpg", "不是图片".encode(), content_type="image/jpeg")
    r = client.post(
        f"/apply/{sitting.pk}/",
        {"school_level": "secondary", "graduating_year": "2026", "photo": fake},
    )
    assert r.status_code == 200
    assert "不是有效的JPEG或PNG图片" in r.content.decode()
    person.refresh_from_db()
    assert not person.photo and not Registration.objects.exists()
