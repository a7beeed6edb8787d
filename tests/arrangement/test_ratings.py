"""PEOPLE-11 考评人员认定表: each held sitting, the institution rates every examiner who served
it, once (a re-rating is a correction with its reason); refused for an examiner who did not
serve, before the sitting is held, for a bad score (field named) and for oneself; the page on
the staffing page and the API, 404 to outsiders and 403 to readers; every write audited."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from skillcert.arrangement.models import ExaminerRating, StaffAssignment
from skillcert.arrangement.ratings.services import examiner_rate
from skillcert.arrangement.staffing.services import (
    staffing_assignment_change,
    staffing_plan_create,
)
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from tests import factories as f
from tests.arrangement.helpers import dated_sitting, serve
from tests.arrangement.test_staffing_service import add_examiner, staffed_sitting

HELD = date(2025, 6, 1)


@pytest.fixture
def served(institution):
    """A sitting held on 2025-06-01 served by 考评甲 (leader) and 考评乙; 考评丙 of the same
    institution did not serve it."""
    sitting = dated_sitting(institution, HELD)
    a, b, c = (add_examiner(institution, n) for n in ("考评甲", "考评乙", "考评丙"))
    serve(sitting, a, b, leader=a)
    return sitting, a, b, c


def _audits(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_rating_is_recorded_once_and_audited_PEOPLE_11(served, staff):
    sitting, a, _, _ = served
    rating = examiner_rate(
        actor=staff, sitting=sitting, examiner=a, score="88.5", remark="评分公正"
    )
    assert (rating.score, rating.remark, rating.revision) == (Decimal("88.5"), "评分公正", 1)
    assert rating.rated_by == staff and rating.institution_id == sitting.institution_id
    (entry,) = _audits("examiner_rating.record")
    assert entry.after["score"] == "88.5" and entry.after["examiner"] == a.pk
    assert entry.actor_id == staff.pk


def test_rerating_is_a_correction_with_reason_PEOPLE_11(served, staff):
    sitting, a, _, _ = served
    examiner_rate(actor=staff, sitting=sitting, examiner=a, score="88.5")
    with pytest.raises(DomainError) as err:
        examiner_rate(actor=staff, sitting=sitting, examiner=a, score="80")
    assert err.value.field == "reason" and "更正理由" in err.value.message
    assert ExaminerRating.objects.get().score == Decimal("88.5")
    examiner_rate(actor=staff, sitting=sitting, examiner=a, score="80", reason="录入错误")
    rating = ExaminerRating.objects.get()  # still one row per sitting and examiner
    assert (rating.score, rating.revision, rating.correction_reason) == (
        Decimal("80.0"),
        2,
        "录入错误",
    )
    (entry,) = _audits("examiner_rating.correct")
    assert entry.before["score"] == "88.5" and entry.after["score"] == "80.0"
    assert entry.after["reason"] == "录入错误"
    examiner_rate(actor=staff, sitting=sitting, examiner=a, score="80.0")  # unchanged
    assert len(_audits("examiner_rating.correct")) == 1


def test_examiner_who_did_not_serve_is_refused_PEOPLE_11(served, staff):
    sitting, _, _, c = served
    with pytest.raises(DomainError) as err:
        examiner_rate(actor=staff, sitting=sitting, examiner=c, score="90")
    assert err.value.code == "rating_not_served" and "考评丙" in err.value.message
    proctor = add_examiner(sitting.institution, "监考丁")
    serve(sitting, proctor, role=StaffAssignment.PROCTOR)  # served, but not as 考评员
    with pytest.raises(DomainError):
        examiner_rate(actor=staff, sitting=sitting, examiner=proctor, score="90")
    assert not ExaminerRating.objects.exists() and not _audits("examiner_rating.record")


def test_refused_before_the_sitting_is_held_PEOPLE_11(institution, staff):
    ahead = f.sitting_ahead(institution, days=20)
    e = add_examiner(institution, "考评戊")
    serve(ahead, e)
    with pytest.raises(DomainError) as err:
        examiner_rate(actor=staff, sitting=ahead, examiner=e, score="90")
    assert err.value.code == "rating_before_held" and err.value.rule == "PEOPLE-11"
    assert f"{ahead.theory_on:%Y-%m-%d}" in err.value.message
    assert not ExaminerRating.objects.exists()


def test_rated_on_the_last_day_and_not_the_day_before_PEOPLE_11(institution, staff):
    today = timezone.localdate()
    two_days = dated_sitting(institution, today - timedelta(days=1), today)
    later = dated_sitting(institution, today - timedelta(days=1), today + timedelta(days=1))
    e = add_examiner(institution, "考评己")
    serve(two_days, e)
    serve(later, e)
    assert examiner_rate(actor=staff, sitting=two_days, examiner=e, score="75").score == 75
    with pytest.raises(DomainError):  # the practical day is still to come
        examiner_rate(actor=staff, sitting=later, examiner=e, score="75")


@pytest.mark.parametrize("bad", ["100.1", "-1", "85.25", "abc", "", "NaN", "1e3"])
def test_bad_score_is_refused_naming_the_field_PEOPLE_11(served, staff, bad):
    sitting, a, _, _ = served
    with pytest.raises(DomainError) as err:
        examiner_rate(actor=staff, sitting=sitting, examiner=a, score=bad)
    assert err.value.field == "score"
    assert err.value.message == "认定分数应为0到100之间的数，最多一位小数"
    assert not ExaminerRating.objects.exists()


def test_nobody_rates_themself_PEOPLE_11(served):
    sitting, a, _, _ = served
    user = f.member(sitting.institution, role=Membership.EXAM_AFFAIRS)
    a.person.user = user
    a.person.save(update_fields=["user"])
    with pytest.raises(DomainError) as err:
        examiner_rate(actor=user, sitting=sitting, examiner=a, score="99")
    assert err.value.code == "rating_self"


# --- the staffing page's 考评人员认定 form -------------------------------------------------


def _urls(sitting):
    base = f"/i/{sitting.institution_id}/sittings/{sitting.pk}/staffing/"
    return base, f"{base}ratings/"


def test_staffing_page_lists_the_examiners_who_served_PEOPLE_11(client, staff, served):
    sitting, a, b, c = served
    page, _ = _urls(sitting)
    client.force_login(staff)
    html = client.get(page).content.decode()
    assert "考评人员认定" in html and 'id="ratings-form"' in html
    assert f'data-examiner="{a.pk}"' in html and f'data-examiner="{b.pk}"' in html
    assert f'data-examiner="{c.pk}"' not in html
    assert html.index(f'data-examiner="{a.pk}"') < html.index(f'data-examiner="{b.pk}"')


def test_form_saves_every_row_or_none_PEOPLE_11(client, staff, served):
    sitting, a, b, _ = served
    _, url = _urls(sitting)
    client.force_login(staff)
    bad = client.post(url, {f"score_{a.pk}": "91", f"score_{b.pk}": "101"})
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "考评乙：认定分数应为0到100之间的数，最多一位小数（PEOPLE-11）" in html
    assert not ExaminerRating.objects.exists()  # 考评甲's valid row not written either
    ok = client.post(
        url, {f"score_{a.pk}": "91", f"remark_{a.pk}": "组织有序", f"score_{b.pk}": "78.5"}
    )
    assert ok.status_code == 302
    scores = dict(ExaminerRating.objects.values_list("examiner_id", "score"))
    assert scores == {a.pk: Decimal("91.0"), b.pk: Decimal("78.5")}
    page = client.get(url).content.decode()
    assert "已保存考评人员认定表（2人）" in page
    again = client.post(url, {f"score_{a.pk}": "90", f"score_{b.pk}": "78.5"})
    assert "更正须填写更正理由" in again.content.decode()
    client.post(url, {f"score_{a.pk}": "90", f"score_{b.pk}": "78.5", "reason": "复核"})
    assert ExaminerRating.objects.get(examiner=a).revision == 2
    assert ExaminerRating.objects.get(examiner=b).revision == 1


def test_form_waits_for_the_sitting_PEOPLE_11(client, staff, institution):
    ahead = f.sitting_ahead(institution, days=20)
    serve(ahead, add_examiner(institution, "考评庚"))
    client.force_login(staff)
    html = client.get(_urls(ahead)[0]).content.decode()
    assert 'id="ratings-wait"' in html and 'id="ratings-form"' not in html


def test_outsider_404_reader_and_examiner_403_PEOPLE_11(client, served, outsider):
    sitting, a, _, _ = served
    page, url = _urls(sitting)
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {f"score_{a.pk}": "90"}).status_code == 404
    for role in (Membership.SUPERVISOR, Membership.EXAMINER):
        client.force_login(f.member(sitting.institution, role=role))
        assert client.post(url, {f"score_{a.pk}": "90"}).status_code == 403
    assert not ExaminerRating.objects.exists()


# --- the API --------------------------------------------------------------------------------


def _api(sitting, eid=None):
    base = f"/api/institutions/{sitting.institution_id}/sittings/{sitting.pk}"
    return f"{base}/examiners/{eid}/rating" if eid else f"{base}/examiner-ratings"


def _put(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


def test_api_rates_corrects_and_lists_PEOPLE_11(client, staff, served):
    sitting, a, b, _ = served
    client.force_login(staff)
    r = _put(client, _api(sitting, a.pk), {"score": "86.5", "remark": "业务熟练"})
    assert r.status_code == 200 and r.json()["score"] == "86.5" and r.json()["revision"] == 1
    r = _put(client, _api(sitting, a.pk), {"score": 70})
    assert r.status_code == 400 and r.json()["detail"]["field"] == "reason"
    r = _put(client, _api(sitting, a.pk), {"score": 70, "reason": "复核更正"})
    assert r.status_code == 200 and r.json()["revision"] == 2
    rows = client.get(_api(sitting)).json()
    assert [(x["name"], x["leader"], x["score"]) for x in rows] == [
        ("考评甲", True, "70.0"),
        ("考评乙", False, None),
    ]


def test_api_refusals_PEOPLE_11(client, staff, served, outsider):
    sitting, _, _, c = served
    client.force_login(staff)
    r = _put(client, _api(sitting, c.pk), {"score": 90})
    assert r.status_code == 400 and r.json()["detail"]["code"] == "rating_not_served"
    r = _put(client, _api(sitting, c.pk), {"score": "85.25"})
    assert r.status_code == 422
    assert r.json()["detail"]["errors"][0]["loc"][-1] == "score"
    client.force_login(outsider)
    assert _put(client, _api(sitting, c.pk), {"score": 90}).status_code == 404
    assert client.get(_api(sitting)).status_code == 404


# --- the rated staffing is settled ----------------------------------------------------------


def test_rated_staffing_cannot_be_regenerated_or_changed_PEOPLE_11(sitting, enrol, staff):
    staffed_sitting(sitting, enrol)  # the conftest sitting: held 2026-06-01/02
    plan = staffing_plan_create(actor=None, sitting=sitting, seed=1)
    rows = list(plan.assignments.filter(role=StaffAssignment.EXAMINER).order_by("id"))
    rated = rows[0]
    from skillcert.people.models import Examiner

    examiner = Examiner.objects.get(institution=sitting.institution, person=rated.person)
    examiner_rate(actor=staff, sitting=sitting, examiner=examiner, score="90")
    with pytest.raises(DomainError) as err:
        staffing_plan_create(actor=None, sitting=sitting, seed=2)
    assert err.value.code == "staffing_rated"
    with pytest.raises(DomainError) as err:
        staffing_assignment_change(actor=None, plan=plan, assignment=rated, leader=True)
    assert err.value.code == "staffing_rated"
    assert plan.assignments.count() == 13 and plan.seed == 1
