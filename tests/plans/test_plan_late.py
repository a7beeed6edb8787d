"""Issue 16 item 27 (PLAN-02): an announcement past its lead time is published only with a
reason and the director's (机构负责人) approval, audited; it then shows it was published late."""

from datetime import date, timedelta

import pytest

from skillcert.core.audit import audit_verify
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from skillcert.plans.models import Announcement, LateAnnouncement
from skillcert.plans.plan.late import announcement_late_decide, announcement_late_request
from skillcert.plans.plan.services import announcement_publish, announcement_save
from tests import factories as f

from .test_plan_announcement import texts

FIRST = date(2025, 6, 20)  # the plans `sitting` fixture: theory exam on this day
LATE = FIRST - timedelta(days=30)  # well inside the 61-day lead time


@pytest.fixture
def director(institution):
    return f.member(institution, role=Membership.DIRECTOR)


@pytest.fixture
def draft(sitting):
    return announcement_save(actor=None, sitting=sitting, **texts())


def test_item27_late_publish_needs_an_approved_request_then_succeeds(draft, staff, director):
    """Issue 16 item 27 (PLAN-02): refused → request with reason → director approves →
    published, marked late, every step audited and the chain intact."""
    with pytest.raises(DomainError) as exc:
        announcement_publish(actor=staff, announcement=draft, today=LATE)
    assert exc.value.code == "announcement_too_late" and "机构负责人批准" in exc.value.message
    with pytest.raises(DomainError) as exc:
        announcement_late_request(actor=staff, announcement=draft, reason="  ", today=LATE)
    assert (exc.value.rule, exc.value.field) == ("PLAN-02", "reason")
    late = announcement_late_request(
        actor=staff, announcement=draft, reason="考试日期由省中心调整，延后确定", today=LATE
    )
    with pytest.raises(DomainError) as exc:  # exam affairs may ask, not approve
        announcement_late_decide(actor=staff, late=late, approve=True, reason="同意")
    assert exc.value.code == "late_not_director"
    with pytest.raises(DomainError):  # still pending: not yet publishable
        announcement_publish(actor=staff, announcement=draft, today=LATE)
    announcement_late_decide(actor=director, late=late, approve=True, reason="同意逾期发布")
    published = announcement_publish(actor=staff, announcement=draft, today=LATE)
    assert published.status == Announcement.PUBLISHED
    assert published.late_approval_id == late.pk
    actions = list(
        AuditEntry.objects.filter(action__startswith="announcement").values_list(
            "action", flat=True
        )
    )
    assert actions[-3:] == [
        "announcement_late.request",
        "announcement_late.approve",
        "announcement.publish",
    ]
    entry = AuditEntry.objects.get(action="announcement.publish")
    assert entry.after["late_approval"] == late.pk and entry.after["approved_by"] == director.pk
    assert audit_verify().ok


def test_item27_rejected_request_still_refuses_and_on_time_needs_no_request(draft, staff, director):
    """Issue 16 item 27: a rejection changes nothing; an announcement on time has no late path."""
    with pytest.raises(DomainError) as exc:
        announcement_late_request(
            actor=staff, announcement=draft, reason="理由", today=FIRST - timedelta(days=90)
        )
    assert exc.value.code == "late_not_needed"
    late = announcement_late_request(actor=staff, announcement=draft, reason="理由", today=LATE)
    announcement_late_decide(actor=director, late=late, approve=False, reason="不同意")
    with pytest.raises(DomainError):
        announcement_publish(actor=staff, announcement=draft, today=LATE)
    assert Announcement.objects.get(pk=draft.pk).status == Announcement.DRAFT


def test_item27_page_request_approve_publish_and_public_note(
    client, sitting, draft, staff, director
):
    """Issue 16 item 27: the announcement page carries the late path; the public page says
    it was published late with approval (today is long past this sitting's lead time)."""
    base = f"/i/{sitting.institution_id}/sittings/{sitting.pk}/announcement/"
    client.force_login(staff)
    assert "申请逾期发布" in client.get(base).content.decode()
    client.post(base + "late/", {"reason": "考试日期延后确定"})
    late = LateAnnouncement.objects.get()
    assert late.status == LateAnnouncement.PENDING
    r = client.post(
        base + f"late/{late.pk}/decide/", {"decision": "approve", "decision_reason": "同意"}
    )
    assert r.status_code == 403  # exam affairs may not approve
    client.force_login(director)
    client.post(
        base + f"late/{late.pk}/decide/", {"decision": "approve", "decision_reason": "同意"}
    )
    client.force_login(staff)
    client.post(base + "publish/")
    a = Announcement.objects.get(pk=draft.pk)
    assert a.status == Announcement.PUBLISHED and a.late_approval_id == late.pk
    html = client.get(f"/announcements/{a.pk}/").content.decode()
    assert "逾期发布" in html and "机构负责人批准" in html and "考试日期延后确定" in html


def test_item27_api_request_decide_publish(client, sitting, draft, staff, director):
    """Issue 16 item 27: the same path through the API; the public list shows it was late."""
    base = f"/api/institutions/{sitting.institution_id}/sittings/{sitting.pk}/announcement"
    client.force_login(staff)
    r = client.post(base + "/publish", content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["rule"] == "PLAN-02"
    r = client.post(
        base + "/late-requests", {"reason": "考试日期延后确定"}, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    lid = r.json()["id"]
    body = {"decision": "approve", "reason": "同意"}
    r = client.post(f"{base}/late-requests/{lid}/decision", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["code"] == "late_not_director"
    client.force_login(director)
    r = client.post(f"{base}/late-requests/{lid}/decision", body, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    r = client.post(base + "/publish", content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["published_late"] is True and r.json()["late_reason"] == "考试日期延后确定"
    public = client.get("/api/announcements").json()
    assert [a["published_late"] for a in public] == [True]
