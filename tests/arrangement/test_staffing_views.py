"""The staffing page and JSON API: exam-affairs staff only, examiners 403 (ARR-09), errors
named by rule (ARR-03..08)."""

import json

import pytest

from skillcert.arrangement.models import StaffAssignment
from skillcert.arrangement.staffing.services import staffing_plan_create
from skillcert.institutions.models import Membership
from tests import factories as f
from tests.arrangement.test_staffing_service import seated, staffed_sitting


@pytest.fixture
def page_url(sitting):
    return f"/i/{sitting.institution_id}/sittings/{sitting.pk}/staffing/"


def test_staff_generates_and_sees_every_role_ARR_04(client, staff, sitting, enrol, page_url):
    staffed_sitting(sitting, enrol)
    client.force_login(staff)
    page = client.get(page_url).content.decode()
    assert "生成人员安排" in page
    response = client.post(page_url, {"seed": "11"}, follow=True)
    html = response.content.decode()
    assert "已生成人员安排（抽签随机种子11）" in html
    for name in ("考点负责人", "内部质量督导员", "考务人员", "监考员", "考评员", "考评组长"):
        assert name in html
    assert 'id="role-examiner"' in html and "负责人甲" in html


def test_examiner_gets_403_on_the_full_plan_ARR_09(client, sitting, enrol, page_url):
    staffed_sitting(sitting, enrol)
    staffing_plan_create(actor=None, sitting=sitting, seed=1)
    examiner = f.member(sitting.institution, role=Membership.EXAMINER)
    client.force_login(examiner)
    assert client.get(page_url).status_code == 403
    assert client.post(page_url, {}).status_code == 403
    api = f"/api/institutions/{sitting.institution_id}/sittings/{sitting.pk}/staffing"
    assert client.get(api).status_code == 403


def test_outsider_gets_404_ARR_09(client, outsider, sitting, page_url):
    client.force_login(outsider)
    assert client.get(page_url).status_code == 404


def test_examiner_sees_only_own_assignment_without_candidates_ARR_09(client, sitting, enrol):
    people = staffed_sitting(sitting, enrol, examiners=3)
    plan = staffing_plan_create(actor=None, sitting=sitting, seed=1)
    user = f.member(sitting.institution, role=Membership.EXAMINER)
    me = people["examiners"][0].person
    me.user = user
    me.save()
    client.force_login(user)
    html = client.get(
        f"/i/{sitting.institution_id}/sittings/{sitting.pk}/staffing/mine/"
    ).content.decode()
    assert "车工 4级考评组" in html
    others = [e.person.name for e in people["examiners"][1:]]
    assert not any(name in html for name in others)
    assert "考生" not in html.replace("考生名单", "")  # no candidate names
    assert plan.assignments.filter(person=me).exists()


def test_infeasible_message_names_the_rule_ARR_03(client, staff, sitting, enrol, page_url):
    staffed_sitting(sitting, enrol, proctors=2)
    client.force_login(staff)
    html = client.post(page_url, {}, follow=True).content.decode()
    assert "无法安排本场人员" in html and "ARR-03" in html


def test_hand_change_refused_shows_rule_ARR_07(client, staff, sitting, enrol, page_url):
    staffed_sitting(sitting, enrol)
    plan = staffing_plan_create(actor=None, sitting=sitting, seed=1)
    proctor = plan.assignments.filter(role=StaffAssignment.PROCTOR).first()
    examiner = plan.assignments.filter(role=StaffAssignment.EXAMINER).first()
    client.force_login(staff)
    html = client.post(
        f"{page_url}{proctor.pk}/",
        {"person": str(examiner.person_id), "role": "proctor", "room": str(proctor.room_id)},
        follow=True,
    ).content.decode()
    assert "不能这样修改人员安排" in html and "ARR-07" in html
    proctor.refresh_from_db()
    assert proctor.person_id != examiner.person_id


def test_api_post_and_get_staffing_ARR_03(client, staff, sitting, enrol):
    staffed_sitting(sitting, enrol)
    client.force_login(staff)
    url = f"/api/institutions/{sitting.institution_id}/sittings/{sitting.pk}/staffing"
    assert client.get(url).status_code == 404
    created = client.post(url, json.dumps({"seed": 3}), content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["seed"] == 3 and len(body["assignments"]) == 13
    assert sum(a["leader"] for a in body["assignments"]) == 1
    assert client.get(url).json()["assignments"] == body["assignments"]


def test_api_infeasible_is_400_with_rule_ARR_04(client, staff, institution, enrol):
    s = f.sitting(institution)
    seated(s, enrol, rooms=1, candidates=10)
    client.force_login(staff)
    url = f"/api/institutions/{institution.pk}/sittings/{s.pk}/staffing"
    response = client.post(url, "{}", content_type="application/json")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail["code"] == "staffing_infeasible" and "ARR-04" in detail["rule"]


def test_admin_shows_staffing_read_only_ARR_09(client, sitting, enrol):
    from django.urls import reverse

    from skillcert.arrangement.models import SittingStaffing

    staffed_sitting(sitting, enrol)
    plan = staffing_plan_create(actor=None, sitting=sitting, seed=1)
    client.force_login(f.user("root", is_superuser=True, is_staff=True))
    for model, obj in [(SittingStaffing, plan), (StaffAssignment, plan.assignments.first())]:
        name = f"admin:arrangement_{model._meta.model_name}"
        assert client.get(reverse(f"{name}_changelist")).status_code == 200
        assert client.get(reverse(f"{name}_change", args=[obj.pk])).status_code == 200
        assert client.get(reverse(f"{name}_add")).status_code == 403
