"""Issue 16 items 24, 25 and 28: when a score may be written and by whom, through
scoring.services.results_set (the one writer of Result, behind the form, sheet and API)."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.institutions import services as inst
from skillcert.institutions.models import Membership
from skillcert.scoring.models import Result
from skillcert.scoring.services import (
    ScoreInput,
    appeal_create,
    appeal_resolve,
    results_notify,
    results_publish,
    results_set,
)
from tests import factories as f

from .conftest import register

D = Decimal


def result_of(reg):
    return Result.objects.filter(registration=reg).first()


# --- item 24: nothing is scored before it happened ----------------------------------------


def test_item24_no_score_for_an_exam_seven_weeks_ahead(make_sitting, person):
    today = timezone.localdate()
    s = make_sitting(today + timedelta(weeks=7), today + timedelta(weeks=7, days=1))
    reg = register(s, person("张小三", 601))
    with pytest.raises(DomainError) as err:
        results_set(actor=None, sitting=s, items=[ScoreInput(reg.pk, D(80), D(80))])
    assert err.value.code == "score_before_exam"
    assert (today + timedelta(weeks=7)).isoformat() in err.value.message
    assert result_of(reg) is None


def test_item24_theory_after_its_day_but_not_the_practical_before_its_day(make_sitting, person):
    """Each subject by its own day; a refused subject stops the whole write; absence too."""
    today = timezone.localdate()
    s = make_sitting(today - timedelta(days=1), today + timedelta(days=3))
    reg = register(s, person("张小三", 602))
    for item in (
        ScoreInput(reg.pk, D(80), D(70)),
        ScoreInput(reg.pk, D(80), practical_absent=True),
    ):
        with pytest.raises(DomainError) as err:
            results_set(actor=None, sitting=s, items=[item])
        assert err.value.code == "score_before_exam" and "操作技能" in err.value.message
    assert result_of(reg) is None
    results_set(actor=None, sitting=s, items=[ScoreInput(reg.pk, D(80))])
    assert result_of(reg).theory_score == D("80.0") and result_of(reg).practical_score is None


def test_item24_the_score_form_says_the_exam_day(client, staff, make_sitting, person):
    today = timezone.localdate()
    s = make_sitting(today + timedelta(weeks=7), today + timedelta(weeks=7))
    reg = register(s, person("张小三", 603))
    f.on_plan(s, staff, "exam_affairs")
    client.force_login(staff)
    page = client.post(
        f"/i/{s.institution_id}/sittings/{s.pk}/scores/", {f"theory_{reg.pk}": "80"}, follow=True
    ).content.decode()
    assert "考试前不能录入" in page and result_of(reg) is None


# --- item 25: after publication a change goes through an appeal -----------------------------


@pytest.fixture
def published(make_sitting, person, candidate_of):
    """Eight candidates, seven passed; 考生8 failed theory (58). Notified and published
    today. Returns (sitting, the failed registration, its candidate account)."""
    s = make_sitting(date(2026, 6, 1), date(2026, 6, 2))
    regs = [register(s, person(f"考生{i}", 610 + i)) for i in range(1, 9)]
    items = [ScoreInput(r.pk, D(80), D(80)) for r in regs[:7]]
    items.append(ScoreInput(regs[7].pk, D(58), D(80)))
    results_set(actor=None, sitting=s, items=items)
    now = timezone.now()
    results_notify(actor=None, sitting=s, now=now)
    results_publish(actor=None, sitting=s, now=now)
    return s, regs[7], candidate_of(regs[7].person)


def test_item25_score_06_no_edit_after_publication_outside_an_appeal(published, staff):
    s, failed, _ = published
    f.on_plan(s, staff)  # even an examiner the plan names
    for actor in (staff, None):
        with pytest.raises(DomainError) as err:
            results_set(actor=actor, sitting=s, items=[ScoreInput(failed.pk, D(65), D(80))])
        assert err.value.code == "score_published" and err.value.rule == "SCORE-06"
        assert "SCORE-05" in err.value.message
    assert result_of(failed).theory_score == D("58.0") and result_of(failed).passed is False


def test_item25_score_06_api_edit_after_publication_is_refused(published, staff, client):
    s, failed, _ = published
    f.on_plan(s, staff)
    client.force_login(staff)
    body = {"results": [{"registration_id": failed.pk, "theory_score": 65, "practical_score": 80}]}
    resp = client.put(
        f"/api/institutions/{s.institution_id}/sittings/{s.pk}/results",
        json.dumps(body),
        content_type="application/json",
    )
    assert resp.status_code == 400 and resp.json()["detail"]["code"] == "score_published"
    assert result_of(failed).passed is False


def test_item25_public_figures_follow_the_rows_after_an_appeal_correction(published, client):
    """The correction path (SCORE-05) still works after publication, and the public page
    counts the rows it lists: 8 names under 合格 8人, never 8 names under 合格 7人."""
    s, failed, user = published
    appeal = appeal_create(actor=user, registration=failed, subject="theory", reason="漏计分")
    appeal_resolve(actor=None, appeal=appeal, outcome="changed", new_score="65", note="复核更正")
    assert result_of(failed).passed is True
    page = client.get(f"/results/{s.result_publication.pk}/").content.decode()
    assert page.count("<td>合格</td>") == 8
    assert '<dd id="count-passed">8人</dd>' in page
    assert '<dd id="count-candidates">8人</dd>' in page


# --- item 28: score entry only by the people the staffing plan names ------------------------


@pytest.fixture
def scoring(make_sitting, person):
    s = make_sitting(date(2026, 6, 1), date(2026, 6, 2))
    return s, register(s, person("张小三", 631))


def put(client, s, reg, **scores):
    body = {"results": [{"registration_id": reg.pk, **scores}]}
    return client.put(
        f"/api/institutions/{s.institution_id}/sittings/{s.pk}/results",
        json.dumps(body),
        content_type="application/json",
    )


def test_item28_an_examiner_not_on_the_plan_cannot_score(scoring, institution, client):
    s, reg = scoring
    examiner = f.member(institution, role=Membership.EXAMINER)
    other = f.sitting(institution)  # on another sitting's plan only
    f.on_plan(other, examiner)
    client.force_login(examiner)
    resp = put(client, s, reg, theory_score=80, practical_score=80)
    assert resp.status_code == 400
    assert resp.json()["detail"]["code"] == "score_not_staffed"
    assert result_of(reg) is None


def test_item28_the_plans_exam_affairs_enters_theory_but_not_practical(scoring, staff, client):
    """ARR-04: the sitting's 考务人员 keep entering (paper) theory scores; the practical is
    the examiners' (ARR-05)."""
    s, reg = scoring
    f.on_plan(s, staff, "exam_affairs")
    client.force_login(staff)
    resp = put(client, s, reg, theory_score=80, practical_score=70)
    assert resp.status_code == 400 and resp.json()["detail"]["rule"] == "ARR-05"
    assert result_of(reg) is None
    assert put(client, s, reg, theory_score=80).status_code == 200
    assert result_of(reg).theory_score == D("80.0")


def test_item28_an_examiner_the_plan_names_scores_both(scoring, institution, client):
    s, reg = scoring
    examiner = f.member(institution, role=Membership.EXAMINER)
    f.on_plan(s, examiner)
    client.force_login(examiner)
    resp = put(client, s, reg, theory_score=80, practical_score=70)
    assert resp.status_code == 200 and resp.json()[0]["passed"] is True


def test_item28_an_examiner_of_another_occupation_on_the_plan_cannot_score(
    scoring, institution, client
):
    from skillcert.arrangement.models import StaffAssignment

    s, reg = scoring
    examiner = f.member(institution, role=Membership.EXAMINER)
    person = f.on_plan(s, examiner)
    StaffAssignment.objects.filter(person=person).update(occupation=f.occupation("4-12-01-01"))
    inst.membership_add(institution=institution, user=examiner, role=Membership.EXAMINER)
    client.force_login(examiner)
    resp = put(client, s, reg, practical_score=70)
    assert resp.status_code == 400 and resp.json()["detail"]["code"] == "score_not_staffed"
