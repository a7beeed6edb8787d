"""INST-09 双随机、一公开: seeded reproducible draws, findings, publication, credit, suspension."""

from datetime import date

import pytest
from django.urls import reverse

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import directory, filing_refusal
from skillcert.supervision import selectors, services
from skillcert.supervision.models import CreditEvent, InspectionTarget
from tests import factories as f

from .helpers import authority_with_inspectors


def _draw(user, authority, title, institutions, inspectors, *, seed=""):
    return services.draw_make(
        actor=user,
        authority=authority,
        title=title,
        institution_count=institutions,
        inspector_count=inspectors,
        seed=seed,
    )


def _actions(*names):
    return AuditEntry.objects.filter(action__in=names).count()


@pytest.fixture
def region(db):
    user, authority = authority_with_inspectors(4)
    institutions = [f.filed_institution(f"抽查学院{k}") for k in range(5)]
    return user, authority, institutions


def test_inst_09_same_seed_and_pool_draw_the_same(region):
    user, authority, _ = region
    one = _draw(user, authority, "一", 3, 2, seed="2026-abc")
    two = _draw(user, authority, "二", 3, 2, seed="2026-abc")
    picks = [
        [
            (t.institution_id, sorted(t.inspectors.values_list("pk", flat=True)))
            for t in d.targets.all()
        ]
        for d in (one, two)
    ]
    assert picks[0] == picks[1] and len(picks[0]) == 3
    assert all(len(ins) == 2 for _, ins in picks[0])
    assert one.institution_pool == selectors.draw_pool(authority)
    assert one.inspector_pool == selectors.inspector_pool(authority)
    again = services.draw_pick(
        seed=one.seed,
        institutions=one.institution_pool,
        inspectors=one.inspector_pool,
        institution_count=3,
        inspector_count=2,
    )
    assert sorted(i for i, _ in again) == sorted(i for i, _ in picks[0])
    other = services.draw_pick(
        seed="another",
        institutions=one.institution_pool,
        inspectors=one.inspector_pool,
        institution_count=3,
        inspector_count=2,
    )
    assert isinstance(other, list)
    assert _actions("inspection.draw") == 2


def test_inst_09_draw_picks_only_filed_institutions_of_the_region_and_checks_counts(region):
    user, authority, institutions = region
    far = f.filed_institution("外省学院", region="420100")
    pool = selectors.draw_pool(authority)
    assert far.pk not in pool and set(i.pk for i in institutions) <= set(pool)
    with pytest.raises(DomainError) as exc:
        _draw(user, authority, "多", len(pool) + 1, 1)
    assert exc.value.field == "institution_count"
    with pytest.raises(DomainError):
        services.draw_make(
            actor=user, authority=authority, title="多", institution_count=1, inspector_count=9
        )


def test_inst_09_finding_is_a_credit_event_and_publication_needs_every_finding(region):
    user, authority, _ = region
    draw = _draw(user, authority, "抽查", 2, 1, seed="s")
    first, second = draw.targets.all()
    services.finding_record(actor=user, target=first, outcome="rectify", findings="考场监控缺失")
    with pytest.raises(DomainError) as exc:
        services.draw_publish(actor=user, draw=draw)
    assert exc.value.code == "draw_pending"
    with pytest.raises(DomainError):  # a problem needs its description
        services.finding_record(actor=user, target=second, outcome="serious", findings=" ")
    services.finding_record(actor=user, target=second, outcome="passed", findings="")
    event = CreditEvent.objects.get(target=first)
    assert event.points == 10 and event.kind == CreditEvent.FINDING
    assert selectors.credit_score(first.institution) == 90
    assert selectors.credit_score(second.institution) == 100
    services.draw_publish(actor=user, draw=draw)
    with pytest.raises(DomainError):
        services.finding_record(actor=user, target=second, outcome="serious", findings="改")
    assert _actions("inspection.finding", "inspection.publish") == 3


def test_inst_09_results_are_public_without_login(client, region):
    user, authority, _ = region
    draw = _draw(user, authority, "年度随机抽查甲", 1, 1, seed="p")
    target = draw.targets.get()
    services.finding_record(actor=user, target=target, outcome="rectify", findings="档案不全")
    assert "年度随机抽查甲" not in client.get(reverse("supervision_results")).content.decode()
    services.draw_publish(actor=user, draw=draw)
    body = client.get(reverse("supervision_results")).content.decode()
    assert "年度随机抽查甲" in body and target.institution.name in body and "档案不全" in body


def test_inst_09_credit_events_of_commitments_and_late_reports_lower_the_score(region):
    """INST-09 credit evaluation; INST-15: a broken commitment is a credit event."""
    user, authority, institutions = region
    inst = institutions[0]
    services.credit_event_add(
        actor=user,
        authority=authority,
        institution=inst,
        kind=CreditEvent.COMMITMENT,
        note="违背承诺书",
        occurred_on=date.today(),
    )
    services.credit_event_add(
        actor=user,
        authority=authority,
        institution=inst,
        kind=CreditEvent.LATE_REPORT,
        note="逾期报送结果",
        occurred_on=date.today(),
    )
    assert selectors.credit_score(inst) == 100 - 40 - 5
    far = f.filed_institution("外省", region="420100")
    with pytest.raises(DomainError):
        services.credit_event_add(
            actor=user,
            authority=authority,
            institution=far,
            kind=CreditEvent.OTHER,
            note="x",
            occurred_on=date.today(),
        )
    with pytest.raises(DomainError) as exc:
        services.credit_event_add(
            actor=user,
            authority=authority,
            institution=inst,
            kind=CreditEvent.FINDING,
            note="x",
            occurred_on=date.today(),
        )
    assert exc.value.field == "kind"
    assert _actions("credit.event") == 2


def test_inst_09_suspension_leaves_directory_lists_pending_sittings_and_verify_still_works(
    client, region, pin_issue_day
):
    from tests.certificates.conftest import issue

    user, authority, institutions = region
    inst = institutions[0]
    pin_issue_day(date(2025, 7, 1))
    done = f.sitting(inst, level=4)
    cert = issue(done, 1)[0]
    pending = f.sitting(inst, level=4, name="未结束批次")
    assert inst in directory()
    with pytest.raises(DomainError):
        services.suspend(actor=user, authority=authority, institution=inst, reason="")
    services.suspend(actor=user, authority=authority, institution=inst, reason="违背承诺")
    inst.refresh_from_db()
    assert inst.status == Institution.SUSPENDED
    assert inst not in directory()
    assert filing_refusal(inst, on=date.today()).rule == "INST-09"
    assert pending in selectors.pending_sittings(inst)
    assert inst.name not in client.get(reverse("directory")).content.decode()
    response = client.post(reverse("verify"), {"number": cert.number, "name": cert.holder_name})
    body = response.content.decode()
    assert response.status_code == 200 and cert.number in body and "有效" in body
    assert _actions("institution.suspend") == 1
    services.reinstate(actor=user, authority=authority, institution=inst, reason="整改完成")
    inst.refresh_from_db()
    assert inst.status == Institution.FILED


def test_inst_09_authority_pages_refuse_others_and_show_only_the_region(client, region):
    user, authority, institutions = region
    far = f.filed_institution("外省学院", region="420100")
    member = f.member(institutions[0])
    client.force_login(member)
    assert client.get(reverse("supervision_home")).status_code == 404
    assert client.get(reverse("supervision_institutions")).status_code == 404
    client.force_login(user)
    body = client.get(reverse("supervision_institutions")).content.decode()
    assert institutions[0].name in body and far.name not in body
    assert client.get(reverse("supervision_institution", args=[far.pk])).status_code == 404
    response = client.post(
        reverse("supervision_home"),
        {"title": "页面抽查", "institution_count": 2, "inspector_count": 1, "seed": "web"},
    )
    assert response.status_code == 302
    draw = selectors.draws_of(authority).get()
    assert draw.seed == "web"
    target = draw.targets.first()
    page = client.get(reverse("supervision_draw", args=[draw.pk]))
    assert page.status_code == 200 and "web" in page.content.decode()
    response = client.post(
        reverse("supervision_finding", args=[draw.pk, target.pk]),
        {"outcome": "serious", "findings": ""},
    )
    assert response.status_code == 400 and "检查发现不能为空" in response.content.decode()
    client.post(
        reverse("supervision_finding", args=[draw.pk, target.pk]),
        {"outcome": "serious", "findings": "冒名顶替"},
    )
    target.refresh_from_db()
    assert target.outcome == InspectionTarget.SERIOUS
    response = client.post(
        reverse("supervision_suspend", args=[institutions[1].pk]), {"reason": "违背承诺"}
    )
    assert response.status_code == 302
    other = f.authority_user("420000")
    client.force_login(other)
    assert client.get(reverse("supervision_draw", args=[draw.pk])).status_code == 404


def test_inst_09_institution_sees_its_own_credit_record(client, region):
    user, authority, institutions = region
    inst = institutions[0]
    services.credit_event_add(
        actor=user,
        authority=authority,
        institution=inst,
        kind=CreditEvent.LATE_REPORT,
        note="逾期报送",
        occurred_on=date.today(),
    )
    client.force_login(f.member(inst))
    body = client.get(reverse("own_credit", args=[inst.pk])).content.decode()
    assert "逾期报送" in body and "95" in body
    client.force_login(f.member(institutions[1]))
    assert client.get(reverse("own_credit", args=[inst.pk])).status_code == 404


def test_inst_09_api_draw_finding_publish_suspend(client, region):
    user, authority, institutions = region
    client.force_login(f.member(institutions[0]))
    assert client.get("/api/supervision/draws").status_code == 404
    client.force_login(user)
    response = client.post(
        "/api/supervision/draws",
        {"title": "接口抽查", "institution_count": 1, "inspector_count": 2, "seed": "api"},
        content_type="application/json",
    )
    assert response.status_code == 201
    draw = response.json()
    target = draw["targets"][0]
    assert draw["seed"] == "api" and len(target["inspector_ids"]) == 2
    bad = client.post(
        f"/api/supervision/draws/{draw['id']}/targets/{target['id']}/finding",
        {"outcome": "nonsense"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["detail"]["message"] == "请选择检查结果"
    ok = client.post(
        f"/api/supervision/draws/{draw['id']}/targets/{target['id']}/finding",
        {"outcome": "rectify", "findings": "记录不全"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert client.post(f"/api/supervision/draws/{draw['id']}/publish").status_code == 200
    public = client.get("/api/supervision/results").json()
    assert public[0]["targets"][0]["findings"] == "记录不全"
    iid = target["institution_id"]
    credit = client.post(
        f"/api/supervision/institutions/{iid}/suspend",
        {"reason": "违背承诺"},
        content_type="application/json",
    ).json()
    assert credit["status"] == "suspended" and credit["score"] == 90


def test_inst_09_pages_render_for_the_authority(client, region):
    user, authority, institutions = region
    client.force_login(user)
    for url in (
        reverse("supervision_home"),
        reverse("supervision_institution", args=[institutions[0].pk]),
        reverse("supervision_annual", args=[2026]),
    ):
        assert client.get(url).status_code == 200, url
