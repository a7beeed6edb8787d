"""ARR-10: a sitting's place or time changes only through a request the institution's
director approves; every step is audited."""

from datetime import date

import pytest

from skillcert.core.audit import audit_verify
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from skillcert.plans.models import SittingChange
from skillcert.plans.plan.services import sitting_change_decide, sitting_change_request
from tests import factories as f

NEW_DAY = date(2025, 6, 27)


@pytest.fixture
def director(institution):
    return f.member(institution, role=Membership.DIRECTOR)


def request_change(sitting, actor=None, **over):
    values = {
        "theory_on": NEW_DAY,
        "practical_on": None,
        "place": "二号实训楼",
        "reason": "考场检修",
    }
    values.update(over)
    return sitting_change_request(actor=actor, sitting=sitting, **values)


def test_arr10_request_needs_a_reason_and_a_real_change(sitting):
    with pytest.raises(DomainError) as err:
        request_change(sitting, reason=" ")
    assert (err.value.rule, err.value.field) == ("ARR-10", "reason")
    with pytest.raises(DomainError) as err:
        request_change(sitting, theory_on=sitting.theory_on, place="")
    assert err.value.code == "change_nothing"
    with pytest.raises(DomainError) as err:
        request_change(sitting, theory_on=None)
    assert err.value.code == "change_no_date"
    request_change(sitting)
    with pytest.raises(DomainError) as err:
        request_change(sitting, place="三号楼")
    assert err.value.code == "change_pending"
    sitting.refresh_from_db()
    assert (sitting.theory_on, sitting.place) == (date(2025, 6, 20), "")  # not yet changed


def test_arr10_approval_by_the_director_applies_the_change_and_audits(sitting, staff, director):
    change = request_change(sitting, actor=staff)
    with pytest.raises(DomainError) as err:  # exam affairs may ask, not decide
        sitting_change_decide(actor=staff, change=change, approve=True, reason="同意")
    assert err.value.rule == "ARR-10"
    with pytest.raises(DomainError):
        sitting_change_decide(actor=director, change=change, approve=True, reason="")
    sitting.refresh_from_db()
    assert sitting.theory_on == date(2025, 6, 20)
    sitting_change_decide(actor=director, change=change, approve=True, reason="同意调整")
    sitting.refresh_from_db()
    change.refresh_from_db()
    assert (sitting.theory_on, sitting.practical_on, sitting.place) == (NEW_DAY, None, "二号实训楼")
    assert (change.status, change.decided_by, change.decision_reason) == (
        SittingChange.APPROVED,
        director,
        "同意调整",
    )
    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.action for e in entries][-3:] == [
        "sitting_change.request",
        "sitting_change.approve",
        "sitting.reschedule",
    ]
    moved = entries[-1]
    assert moved.object_id == str(sitting.pk) and moved.actor_label == director.username
    assert moved.before == {"theory_on": "2025-06-20", "practical_on": None, "place": ""}
    assert moved.after["theory_on"] == "2025-06-27" and moved.after["change"] == change.pk
    assert audit_verify().ok
    with pytest.raises(DomainError) as err:
        sitting_change_decide(actor=director, change=change, approve=False, reason="再议")
    assert err.value.code == "change_decided"


def test_arr10_rejection_leaves_the_sitting_unchanged(sitting, director):
    change = request_change(sitting)
    sitting_change_decide(actor=director, change=change, approve=False, reason="无正当理由")
    sitting.refresh_from_db()
    change.refresh_from_db()
    assert change.status == SittingChange.REJECTED
    assert (sitting.theory_on, sitting.place) == (date(2025, 6, 20), "")
    assert not AuditEntry.objects.filter(action="sitting.reschedule").exists()
    assert AuditEntry.objects.filter(action="sitting_change.reject").exists()
    request_change(sitting)  # a new request may follow a decided one


def test_arr10_new_date_must_lie_in_the_filing_period(sitting):
    with pytest.raises(DomainError) as err:  # the factory filing runs from 1 Jan 2025
        request_change(sitting, theory_on=date(2024, 12, 30))
    assert err.value.rule == "INST-04"
    assert not SittingChange.objects.exists()


def test_arr10_director_of_another_institution_cannot_decide(sitting, other_institution):
    change = request_change(sitting)
    foreign_director = f.member(other_institution, role=Membership.DIRECTOR)
    with pytest.raises(DomainError):
        sitting_change_decide(actor=foreign_director, change=change, approve=True, reason="同意")


# --- pages -----------------------------------------------------------------------------------


def url(sitting) -> str:
    return f"/i/{sitting.institution_id}/sittings/{sitting.pk}/changes/"


def test_arr10_pages_request_then_director_decides(client, sitting, staff, director):
    client.force_login(staff)
    assert client.get(url(sitting)).status_code == 200
    resp = client.post(
        url(sitting), {"theory_on": "2025-06-27", "place": "二号实训楼", "reason": "考场检修"}
    )
    assert resp.status_code == 302
    change = SittingChange.objects.get()
    html = client.get(url(sitting)).content.decode()
    assert "待机构负责人审批" in html and 'value="approve"' not in html
    decide = f"{url(sitting)}{change.pk}/decide/"
    assert client.post(decide, {"decision": "approve", "decision_reason": "x"}).status_code == 403
    client.force_login(director)
    assert 'value="approve"' in client.get(url(sitting)).content.decode()
    resp = client.post(decide, {"decision": "approve", "decision_reason": "同意"}, follow=True)
    assert "变更申请已批准" in resp.content.decode()
    sitting.refresh_from_db()
    assert (sitting.theory_on, sitting.place) == (NEW_DAY, "二号实训楼")


def test_arr10_page_shows_the_rule_when_nothing_changes(client, sitting, staff):
    client.force_login(staff)
    resp = client.post(url(sitting), {"theory_on": "2025-06-20", "reason": "无"})
    assert resp.status_code == 200 and "与现安排相同" in resp.content.decode()
    assert not SittingChange.objects.exists()


def test_arr10_pages_tenancy(client, sitting, outsider):
    client.force_login(outsider)
    assert client.get(url(sitting)).status_code == 404
    assert client.post(url(sitting), {"reason": "x"}).status_code == 404
    change = request_change(sitting)
    decide = f"{url(sitting)}{change.pk}/decide/"
    assert client.post(decide, {"decision": "approve", "decision_reason": "x"}).status_code == 404
    client.force_login(f.member(sitting.institution, role=Membership.SUPERVISOR))
    assert client.get(url(sitting)).status_code == 200
    assert client.post(url(sitting), {"reason": "x"}).status_code == 403
    assert client.post(decide, {"decision": "approve", "decision_reason": "x"}).status_code == 403
    change.refresh_from_db()
    assert change.status == SittingChange.PENDING


def test_arr10_only_the_change_service_writes_a_sittings_place_or_dates():
    """No code outside plans/plan/services.py assigns or bulk-updates a sitting's dates or
    place (creating a sitting with its first dates is sitting_create's job)."""
    import re
    from pathlib import Path

    import skillcert

    assign = re.compile(r"\bsitting\.(theory_on|practical_on|place)\s*=(?!=)")
    update = re.compile(
        r"Sitting\.objects[^\n]*\.update\([^)]*\b(theory_on|practical_on|place)\s*="
    )
    root = Path(skillcert.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path == root / "plans" / "plan" / "services.py" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if assign.search(text) or update.search(text):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
    assert assign.search((root / "plans" / "plan" / "services.py").read_text(encoding="utf-8"))


def test_arr10_page_reminds_to_update_a_published_announcement(client, sitting, staff):
    from skillcert.plans.plan.services import announcement_publish, announcement_save
    from tests.plans.test_plan_announcement import texts

    client.force_login(staff)
    assert 'id="announcement-note"' not in client.get(url(sitting)).content.decode()
    a = announcement_save(actor=None, sitting=sitting, **texts())
    announcement_publish(actor=None, announcement=a, today=date(2025, 1, 2))
    assert 'id="announcement-note"' in client.get(url(sitting)).content.decode()
