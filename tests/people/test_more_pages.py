"""Issue 16 item 21: the examiner's annual evaluation (PEOPLE-06) and renewal (PEOPLE-05),
and recusal relations (ARR-08), each with the page and the API a clerk uses."""

from datetime import date

import pytest
from django.urls import reverse

from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from skillcert.people.models import Examiner, Relative, TaughtClass
from tests import factories as f

from .conftest import add_examiner, person

pytestmark = pytest.mark.django_db


def _eval(year, score, assignments=2):
    return {
        "action": "evaluate",
        "year": year,
        "score": score,
        "assignments": assignments,
        "missed_in_row": 0,
    }


def test_item21_evaluation_page_grades_and_dismisses_PEOPLE_06(client, institution, staff):
    """Issue 16 item 21 (PEOPLE-06): the clerk records evaluations on the examiner's page;
    the grade shows, and a second 不合格 in the term dismisses."""
    e = add_examiner(institution)
    url = reverse("examiner_detail", args=[institution.pk, e.pk])
    client.force_login(staff)
    page = client.post(url, _eval(2025, "92"), follow=True).content.decode()
    assert "已登记2025年度考核：优秀" in page and "优秀" in page
    client.post(url, _eval(2025, "55"))  # the year is corrected, not added
    client.post(url, _eval(2026, "88", assignments=0), follow=True)
    e.refresh_from_db()
    assert e.status == Examiner.DISMISSED
    page = client.get(url).content.decode()
    assert "已解聘" in page and "全年未参加考评" in page
    bad = client.post(url, _eval(2026, "120")).content.decode()
    assert "100" in bad  # the form bounds the score


def test_item21_renewal_page_checks_training_PEOPLE_05(client, institution, staff):
    """Issue 16 item 21 (PEOPLE-05): a new card on the page; too little training is refused
    on the form and nothing changes."""
    e = add_examiner(institution)
    url = reverse("examiner_detail", args=[institution.pk, e.pk])
    client.force_login(staff)
    renew = {
        "action": "renew",
        "card_number": "KP-NEW",
        "card_issued_on": "2027-12-01",
        "training_hours": "40",
        "assessment_passed": "on",
    }
    body = client.post(url, renew).content.decode()
    assert "48学时" in body and "PEOPLE-05" in body
    e.refresh_from_db()
    assert e.card_number == "KP-0001"
    client.post(url, {**renew, "training_hours": "56"})
    e.refresh_from_db()
    assert e.card_number == "KP-NEW" and e.card_issued_on == date(2027, 12, 1)
    assert AuditEntry.objects.filter(action="examiner.renew").count() == 1


def test_item21_evaluation_and_renewal_api_with_roles_and_tenancy(
    client, institution, staff, outsider
):
    """Issue 16 item 21: POST evaluations / renew; readers 403, outsiders 404."""
    e = add_examiner(institution)
    base = f"/api/institutions/{institution.pk}/examiners/{e.pk}"
    body = {"year": 2025, "score": "59.5", "assignments": 3}
    client.force_login(outsider)
    assert client.get(f"{base}/evaluations").status_code == 404
    client.force_login(f.member(institution, Membership.SUPERVISOR))
    assert client.post(f"{base}/evaluations", body, "application/json").status_code == 403
    client.force_login(staff)
    r = client.post(f"{base}/evaluations", body, "application/json")
    assert r.status_code == 201 and r.json()["grade"] == "fail"
    assert client.get(f"{base}/evaluations").json()[0]["grade_label"] == "不合格"
    renew = {
        "card_number": "KP-API",
        "card_issued_on": "2027-12-01",
        "training_hours": 10,
        "assessment_passed": True,
    }
    r = client.post(f"{base}/renew", renew, "application/json")
    assert r.status_code == 400 and r.json()["detail"]["rule"] == "PEOPLE-05"
    r = client.post(f"{base}/renew", {**renew, "training_hours": 48}, "application/json")
    assert r.status_code == 200 and r.json()["card_number"] == "KP-API"


def test_item21_recusal_page_and_api_ARR_08(client, institution, staff, outsider):
    """Issue 16 item 21 (ARR-08): relatives and taught classes recorded on the page and by
    the API, audited, masked on screen; another institution's person is a 404."""
    e = add_examiner(institution, who=person("回避考评"))
    url = reverse("people_recusal", args=[institution.pk])
    client.force_login(staff)
    relative_id = f.resident_id(birth="20060101", seq=77)
    page = client.post(
        url,
        {
            "action": "relative",
            "member": e.person.pk,
            "kind": "parent_child",
            "name": "回避考生",
            "id_type": "resident",
            "id_number": relative_id,
        },
        follow=True,
    ).content.decode()
    assert "已登记亲属关系：回避考评—回避考生" in page and relative_id not in page
    client.post(url, {"action": "class", "teacher": e.person.pk, "class_name": "数控2301"})
    assert TaughtClass.objects.get().class_name == "数控2301"
    assert {"relative.add", "taught_class.add"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )
    api = f"/api/institutions/{institution.pk}"
    assert client.get(f"{api}/relatives").json()[0]["relative_name"] == "回避考生"
    r = client.post(
        f"{api}/taught-classes",
        {"teacher_id": e.person.pk, "class_name": "数控2302"},
        "application/json",
    )
    assert r.status_code == 201
    elsewhere = add_examiner(f.filed_institution(), who=person("别处人员"), card_number="X")
    r = client.post(
        f"{api}/relatives",
        {
            "person_id": elsewhere.person.pk,
            "kind": "spouse",
            "name": "某人",
            "id_number": f.resident_id(seq=78),
        },
        "application/json",
    )
    assert r.status_code == 404 and Relative.objects.count() == 1
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(f"{api}/relatives").status_code == 404
