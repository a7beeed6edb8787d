"""PLAN-01: the annual plan, made at year end for the next year; sittings join a plan only
for an occupation and level in it."""

from datetime import date

import pytest
from django.utils import timezone

from skillcert.core.audit import audit_verify
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from skillcert.plans.models import AnnualPlan, PlanItem
from skillcert.plans.plan.services import (
    PlannedSubject,
    plan_create,
    plan_item_add,
    plan_sitting_link,
)
from tests import factories as f

DEC = date(2024, 12, 20)  # year end: the plan for 2025 is made now


def subject(level=3, job="数控车床", n=30) -> PlannedSubject:
    return PlannedSubject(f.occupation(), f.job_type(job) if job else None, level, n)


def make_plan(institution, year=2025, today=DEC, items=(3,)):
    return plan_create(
        actor=None,
        institution=institution,
        year=year,
        schedule="6月理论，6月技能",
        examiner_training="5月培训考评员",
        staffing="考评员6名",
        item_source="national",
        items=[subject(level) for level in items],
        today=today,
    )


def test_plan01_plan_for_next_year_made_at_year_end_is_on_time(institution, staff):
    plan = plan_create(
        actor=staff,
        institution=institution,
        year=2025,
        schedule="6月",
        examiner_training="培训",
        staffing="6名",
        item_source="own",
        items=[subject(3, n=40), subject(5, job=None, n=20)],
        today=DEC,
    )
    assert (plan.year, plan.made_on, plan.made_late, plan.item_source) == (2025, DEC, False, "own")
    assert [(i.level, i.expected_count) for i in plan.items.all()] == [(3, 40), (5, 20)]
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["plan.create", "plan.item_add", "plan.item_add"]
    assert AuditEntry.objects.filter(action="plan.create", actor_label=staff.username).exists()
    assert audit_verify().ok


def test_plan01_plan_made_during_its_own_year_is_accepted_as_late(institution):
    plan = make_plan(institution, year=2025, today=date(2025, 3, 1))
    assert plan.made_late is True


@pytest.mark.parametrize("year", [2023, 2026, 2030])
def test_plan01_plan_for_any_other_year_is_refused(institution, year):
    with pytest.raises(DomainError) as err:
        make_plan(institution, year=year, today=DEC)
    assert (err.value.rule, err.value.field) == ("PLAN-01", "year")
    assert not AnnualPlan.objects.exists()


def test_plan01_one_plan_per_institution_and_year(institution, other_institution):
    make_plan(institution)
    with pytest.raises(DomainError) as err:
        make_plan(institution)
    assert err.value.code == "plan_exists"
    make_plan(other_institution)  # another institution has its own


def test_plan01_plan_item_must_be_in_the_filed_scope(institution):
    plan = make_plan(institution, items=())
    with pytest.raises(DomainError) as err:  # 数控车床 is filed for levels 4-1 only
        plan_item_add(
            actor=None,
            plan=plan,
            occupation=f.occupation(),
            job_type=f.job_type("数控车床"),
            level=5,
            expected_count=10,
        )
    assert err.value.rule == "PLAN-07"
    with pytest.raises(DomainError) as err:
        plan_item_add(
            actor=None,
            plan=plan,
            occupation=f.occupation(),
            job_type=f.job_type("数控车床"),
            level=4,
            expected_count=0,
        )
    assert err.value.rule == "PLAN-01"
    assert not PlanItem.objects.exists()


def test_plan01_sitting_joins_a_plan_only_for_a_planned_occupation_and_level(institution, sitting):
    plan = make_plan(institution, items=(4,))  # sitting: 数控车床 level 3 on 2025-06-20
    with pytest.raises(DomainError) as err:
        plan_sitting_link(actor=None, plan=plan, sitting=sitting)
    assert (err.value.rule, err.value.code) == ("PLAN-01", "plan_subject_missing")
    sitting.refresh_from_db()
    assert sitting.plan_id is None
    plan_item_add(
        actor=None,
        plan=plan,
        occupation=f.occupation(),
        job_type=f.job_type("数控车床"),
        level=3,
        expected_count=30,
    )
    plan_sitting_link(actor=None, plan=plan, sitting=sitting)
    sitting.refresh_from_db()
    assert sitting.plan_id == plan.pk
    entry = AuditEntry.objects.get(action="sitting.plan_link")
    assert (entry.object_id, entry.after) == (str(sitting.pk), plan.pk)
    assert audit_verify().ok


def test_plan01_sitting_of_another_year_or_institution_is_refused(
    institution, other_institution, sitting
):
    plan_2026 = make_plan(institution, year=2026, today=date(2025, 12, 1))
    with pytest.raises(DomainError) as err:
        plan_sitting_link(actor=None, plan=plan_2026, sitting=sitting)
    assert err.value.code == "plan_wrong_year"
    foreign = make_plan(other_institution)
    with pytest.raises(DomainError) as err:
        plan_sitting_link(actor=None, plan=foreign, sitting=sitting)
    assert err.value.code == "plan_other_institution"


# --- pages -----------------------------------------------------------------------------------


def next_year() -> int:
    return timezone.localdate().year + 1


def test_plan01_pages_create_list_detail_and_link(client, institution, staff, sitting):
    client.force_login(staff)
    url = f"/i/{institution.pk}/plans/"
    assert client.get(url).status_code == 200
    resp = client.post(url, {"year": next_year(), "item_source": "national", "schedule": "6月"})
    plan = AnnualPlan.objects.get(institution=institution)
    assert resp.status_code == 302 and resp["Location"] == f"{url}{plan.pk}/"
    assert plan.made_late is False
    page = client.get(url).content.decode()
    assert f"{next_year()}年度认定计划" in page
    row = institution.scope_rows.get(job_type__name="数控车床")
    client.post(f"{url}{plan.pk}/items/", {"subject": f"{row.pk}:3", "expected_count": 25})
    assert plan.items.get().expected_count == 25
    # the fixture sitting is in 2025: the service refuses, the page says why
    resp = client.post(f"{url}{plan.pk}/link/", {"sitting": sitting.pk}, follow=True)
    assert f"不在{next_year()}年度内" in resp.content.decode()
    assert client.get(f"{url}{plan.pk}/").status_code == 200


def test_plan01_page_refuses_a_wrong_year_with_the_rule(client, institution, staff):
    client.force_login(staff)
    resp = client.post(f"/i/{institution.pk}/plans/", {"year": 2001, "item_source": "own"})
    assert resp.status_code == 200
    assert "年底制定" in resp.content.decode()
    assert not AnnualPlan.objects.exists()


def test_plan01_pages_tenancy_outsider_404_reader_403(client, institution, outsider):
    plan = make_plan(institution, year=next_year(), today=date(next_year() - 1, 12, 1))
    client.force_login(outsider)
    assert client.get(f"/i/{institution.pk}/plans/").status_code == 404
    assert client.get(f"/i/{institution.pk}/plans/{plan.pk}/").status_code == 404
    reader = f.member(institution, role=Membership.SUPERVISOR)
    client.force_login(reader)
    assert client.get(f"/i/{institution.pk}/plans/{plan.pk}/").status_code == 200
    resp = client.post(f"/i/{institution.pk}/plans/", {"year": next_year() + 1})
    assert resp.status_code == 403
    assert client.post(f"/i/{institution.pk}/plans/{plan.pk}/items/", {}).status_code == 403


# --- JSON ------------------------------------------------------------------------------------


def test_plan01_api_create_and_list(client, institution, staff):
    client.force_login(staff)
    url = f"/api/institutions/{institution.pk}/plans"
    body = {
        "year": next_year(),
        "item_source": "own",
        "items": [
            {
                "occupation_code": "6-18-01-01",
                "job_type": "数控车床",
                "level": 3,
                "expected_count": 30,
            }
        ],
    }
    resp = client.post(url, body, content_type="application/json")
    assert resp.status_code == 201, resp.content
    data = resp.json()
    assert (data["year"], data["made_late"], data["items"][0]["level_label"]) == (
        next_year(),
        False,
        "三级/高级工",
    )
    assert [p["id"] for p in client.get(url).json()] == [data["id"]]
    resp = client.post(url, {**body, "year": 2001}, content_type="application/json")
    assert resp.status_code == 400 and resp.json()["detail"]["rule"] == "PLAN-01"


def test_plan01_api_tenancy(client, institution, outsider):
    url = f"/api/institutions/{institution.pk}/plans"
    assert client.get(url).status_code == 401
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(f.member(institution, role=Membership.SUPERVISOR))
    assert client.get(url).status_code == 200
    resp = client.post(url, {"year": next_year()}, content_type="application/json")
    assert resp.status_code == 403
