"""INST-14: results and the pass list go to the authority (核查备案); where the authority asks
for it (rules().results_review_required) scores are released (SCORE-04 notice, SCORE-06
publication) only after its review; otherwise the submission is recorded only."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.scoring.models import ResultNotice, ResultSubmission
from skillcert.scoring.selectors_submissions import changed_since_sent, latest_submission
from skillcert.scoring.services import ScoreInput, results_notify, results_publish, results_set
from skillcert.scoring.services.submissions import (
    results_review_approve,
    results_review_return,
    results_submit,
)
from tests import factories as f

from .conftest import register

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def scored(make_sitting, person):
    s = make_sitting(date(2026, 6, 1), date(2026, 6, 2))
    a, b = register(s, person("张小三", 611)), register(s, person("李四", 612))
    results_set(
        actor=None,
        sitting=s,
        items=[ScoreInput(a.pk, D(80), D(90)), ScoreInput(b.pk, D(40), D(90))],
    )
    return s


@pytest.fixture
def boss():
    return f.authority_user("410000")


@pytest.fixture
def review(settings):
    settings.SKILLCERT_RULES = {"results_review_required": True}


def test_inst_14_without_the_setting_the_submission_is_recorded_and_release_goes_on(scored):
    s = results_submit(actor=None, sitting=scored)
    assert s.state == ResultSubmission.RECORDED and not s.review_required
    assert s.candidates == 2 and s.passed == 1
    assert {r["name"] for r in s.pass_list} == {"张小三", "李四"}
    assert results_notify(actor=None, sitting=scored)
    assert AuditEntry.objects.filter(action="result_submission.submit").exists()


def test_inst_14_with_the_setting_scores_are_released_only_after_the_review(scored, review, boss):
    with pytest.raises(DomainError) as err:
        results_notify(actor=None, sitting=scored)
    assert err.value.rule == "INST-14" and "尚未报送" in err.value.message
    s = results_submit(actor=None, sitting=scored)
    assert s.state == ResultSubmission.SUBMITTED
    with pytest.raises(DomainError):
        results_notify(actor=None, sitting=scored)
    with pytest.raises(DomainError) as err:
        results_review_return(actor=boss, submission=s, reasons="")
    assert err.value.field == "reasons"
    results_review_return(actor=boss, submission=s, reasons="李四理论成绩待核")
    again = results_submit(actor=None, sitting=scored)
    assert again.version == 2
    with pytest.raises(DomainError) as err:
        results_review_approve(actor=f.authority_user("420000"), submission=again)
    assert err.value.code == "not_authority"
    results_review_approve(actor=boss, submission=again)
    results_notify(actor=None, sitting=scored)
    results_publish(actor=None, sitting=scored)
    assert ResultNotice.objects.filter(sitting=scored).exists()
    assert AuditEntry.objects.filter(action="result_submission.approve").count() == 1
    assert AuditEntry.objects.filter(action="result_submission.return").count() == 1


def test_inst_14_incomplete_results_cannot_be_sent(make_sitting, person):
    s = make_sitting(date(2026, 6, 1), date(2026, 6, 2))
    register(s, person("王五", 613))
    with pytest.raises(DomainError) as err:
        results_submit(actor=None, sitting=s)
    assert err.value.rule == "INST-14" and not ResultSubmission.objects.exists()


def test_inst_14_pages_and_api_institution_sends_authority_reviews_others_404(
    client, scored, review, boss
):
    inst = scored.institution
    staff = f.member(inst)
    client.force_login(staff)
    page = reverse("results_submission", args=[inst.pk, scored.pk])
    assert "报送成绩与合格名单" in client.get(page).content.decode()
    client.post(reverse("results_submission_send", args=[inst.pk, scored.pk]))
    s = ResultSubmission.objects.get()
    api = f"/api/institutions/{inst.pk}/sittings/{scored.pk}/result-submission"
    assert client.get(api).json()["state"] == "submitted"
    detail = reverse("authority_submission", args=[s.pk])
    decide = f"/api/authority/result-submissions/{s.pk}/decision"
    for who in (staff, f.authority_user("420000")):
        client.force_login(who)
        assert client.get(detail).status_code == 404
        r = client.post(decide, {"decision": "approve"}, content_type="application/json")
        assert r.status_code == 404
    client.force_login(boss)
    assert "张小三" in client.get(detail).content.decode()
    assert [x["id"] for x in client.get("/api/authority/result-submissions").json()] == [s.pk]
    r = client.post(decide, {"decision": "approve"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "approved"


def test_inst_14_a_score_changed_after_approval_is_not_released_until_approved_again(
    scored, review, boss
):
    """The approval covers the results the authority saw: changing a score afterwards holds
    the release back until the changed results are sent and approved again."""
    first = results_submit(actor=None, sitting=scored)
    results_review_approve(actor=boss, submission=first)
    with pytest.raises(DomainError) as err:
        results_submit(actor=None, sitting=scored)  # nothing changed: nothing to send again
    assert err.value.code == "submission_exists"
    li_si = scored.registrations.get(person__name="李四")
    results_set(actor=None, sitting=scored, items=[ScoreInput(li_si.pk, D(70), D(90))])
    with pytest.raises(DomainError) as err:
        results_notify(actor=None, sitting=scored)
    assert err.value.code == "results_changed_after_review" and err.value.rule == "INST-14"
    assert not ResultNotice.objects.exists()
    assert changed_since_sent(latest_submission(scored))
    again = results_submit(actor=None, sitting=scored)
    assert (again.version, again.state, again.passed) == (2, ResultSubmission.SUBMITTED, 2)
    assert not changed_since_sent(again)
    results_review_approve(actor=boss, submission=again)
    assert results_notify(actor=None, sitting=scored)
