"""INST-13 (the implementation plan to the authority ≥ 10 working days before, tickets and the
exam only after its approval), PLAN-11 (the authority re-checks candidates of the list it
received) and INST-16 (levels 2 and 1 only with the guidance centre's approval)."""

import io
import subprocess
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from skillcert.arrangement import documents
from skillcert.arrangement.implementation import gate
from skillcert.arrangement.implementation import services as impl
from skillcert.arrangement.implementation.models import (
    CandidateRecheck,
    ImplementationPlan,
    LevelApproval,
)
from skillcert.arrangement.models import SeatArrangement
from skillcert.arrangement.services import seating_arrange
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.core.workdays import add_workdays
from tests import factories as f
from tests.exams.helpers import questions

from .helpers import theory_rooms, venue

pytestmark = pytest.mark.django_db
DUE = date(2026, 5, 18)  # 10 working days before the `sitting` fixture's 2026-06-01


def test_inst_13_the_due_day_is_10_working_days_before_the_first_exam_day(sitting):
    assert impl.plan_due_on(sitting) == DUE == add_workdays(date(2026, 6, 1), -10)


@pytest.fixture
def seated(institution, sitting, enrol):
    enrol(sitting, 4)
    rooms = theory_rooms(venue(institution), 2)
    seating_arrange(actor=None, sitting=sitting, rooms=rooms[:1], seed=3)
    return rooms


@pytest.fixture
def ahead(institution, enrol):
    """A sitting 5 weeks from today, seated: its plan may be sent now (INST-13)."""
    s = f.sitting_ahead(institution)
    enrol(s, 3)
    seating_arrange(
        actor=None,
        sitting=s,
        rooms=theory_rooms(venue(institution, "远期考点"), 1, start=50),
        seed=1,
    )
    return s


@pytest.fixture
def boss(institution):
    """Staff of the province's authority: covers `institution` (region 410100)."""
    return f.authority_user("410000")


def _exam(sitting):
    from skillcert.exams.services import exam_create

    return exam_create(
        actor=None,
        sitting=sitting,
        title="理论知识机考",
        starts_at=timezone.now() + timedelta(hours=1),
        duration_minutes=60,
        questions=questions(4),
    )


def _tickets(sitting):
    buf = io.BytesIO()
    documents.render_tickets(SeatArrangement.objects.get(sitting=sitting), buf)
    return buf.getvalue()


def test_inst_13_a_plan_sent_later_than_10_working_days_before_is_refused(seated, sitting, staff):
    late = add_workdays(DUE, 1)
    with pytest.raises(DomainError) as err:
        impl.plan_submit(actor=staff, sitting=sitting, today=late)
    assert err.value.rule == "INST-13" and "10个工作日" in err.value.message
    assert str(DUE) in err.value.message
    assert not ImplementationPlan.objects.exists()
    plan = impl.plan_submit(actor=staff, sitting=sitting, today=DUE)  # the last allowed day
    assert plan.state == ImplementationPlan.SUBMITTED and plan.due_on == DUE


def test_inst_13_a_plan_needs_the_seating_and_the_exam_date(institution, sitting, staff):
    with pytest.raises(DomainError) as err:
        impl.plan_submit(actor=staff, sitting=sitting, today=DUE)
    assert err.value.code == "plan_no_seating" and err.value.rule == "INST-13"
    undated = f.sitting(institution, theory_on=None)
    with pytest.raises(DomainError) as err:
        impl.plan_submit(actor=staff, sitting=undated, today=DUE)
    assert err.value.code == "plan_no_date"


def test_inst_13_tickets_and_exam_refused_before_approval_and_allowed_after(
    seated, sitting, staff, boss
):
    for attempt in (lambda: _tickets(sitting), lambda: _exam(sitting)):
        with pytest.raises(DomainError) as err:
            attempt()
        assert err.value.rule == "INST-13" and "INST-13" in err.value.message
    plan = impl.plan_submit(actor=staff, sitting=sitting, today=DUE)
    with pytest.raises(DomainError) as err:  # sent is not approved
        _tickets(sitting)
    assert "待审批" in err.value.message
    impl.plan_approve(actor=boss, plan=plan)
    assert _tickets(sitting).startswith(b"%PDF")
    assert _exam(sitting).pk
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"implementation_plan.submit", "implementation_plan.approve"} <= actions


def test_inst_13_returned_with_reasons_the_institution_resends(seated, sitting, staff, boss):
    plan = impl.plan_submit(actor=staff, sitting=sitting, today=DUE)
    with pytest.raises(DomainError) as err:
        impl.plan_return(actor=boss, plan=plan, reasons="  ")
    assert err.value.field == "reasons"
    impl.plan_return(actor=boss, plan=plan, reasons="监考人员不足")
    plan.refresh_from_db()
    assert plan.state == ImplementationPlan.RETURNED and plan.reasons == "监考人员不足"
    with pytest.raises(DomainError):
        impl.plan_approve(actor=boss, plan=plan)  # a returned version is decided
    again = impl.plan_submit(actor=staff, sitting=sitting, today=DUE)
    assert again.version == 2
    impl.plan_approve(actor=boss, plan=again)
    assert gate.sitting_refusal(sitting) is None
    assert AuditEntry.objects.filter(action="implementation_plan.return").count() == 1


def test_inst_13_a_change_after_approval_needs_a_new_approval(seated, sitting, staff, boss):
    """Rooms and numbers are the plan: moving candidates to other rooms refuses tickets until
    the new version is approved; a re-draw of seats in the same room changes nothing."""
    impl.plan_approve(actor=boss, plan=impl.plan_submit(actor=staff, sitting=sitting, today=DUE))
    seating_arrange(actor=None, sitting=sitting, rooms=seated[:1], seed=99)  # same room
    assert gate.sitting_refusal(sitting) is None
    seating_arrange(actor=None, sitting=sitting, rooms=seated[1:], seed=3)  # another room
    refusal = gate.sitting_refusal(sitting)
    assert refusal.code == "plan_changed" and refusal.rule == "INST-13"
    with pytest.raises(DomainError):
        _tickets(sitting)
    plan = impl.plan_submit(actor=staff, sitting=sitting, today=DUE)
    impl.plan_approve(actor=boss, plan=plan)
    assert plan.version == 2 and gate.sitting_refusal(sitting) is None
    with pytest.raises(DomainError) as err:  # nothing changed since: nothing to send
        impl.plan_submit(actor=staff, sitting=sitting, today=DUE)
    assert err.value.code == "plan_unchanged"


def test_inst_13_only_the_authority_of_the_region_decides(seated, sitting, staff):
    plan = impl.plan_submit(actor=staff, sitting=sitting, today=DUE)
    for who in (f.authority_user("420000"), staff, f.member(sitting.institution, "director")):
        with pytest.raises(DomainError) as err:
            impl.plan_approve(actor=who, plan=plan)
        assert err.value.code == "not_authority"
    reader = f.member(sitting.institution, "supervisor")
    with pytest.raises(DomainError):
        impl.plan_submit(actor=reader, sitting=sitting, today=DUE)
    plan.refresh_from_db()
    assert plan.state == ImplementationPlan.SUBMITTED


def test_inst_13_plan_content_and_pdf_read_back(seated, sitting, staff, tool, tmp_path):
    plan = impl.plan_submit(actor=staff, sitting=sitting, today=DUE)
    c = plan.content
    assert c["counts"]["candidates"] == 4 and c["rooms"][0]["number"] == 1
    assert "尚未生成考务人员安排" in c["missing"]
    from skillcert.arrangement.implementation.document import render_plan

    path = tmp_path / "plan.pdf"
    buf = io.BytesIO()
    render_plan(c, buf, state=plan.get_state_display(), version=1)
    path.write_bytes(buf.getvalue())
    text = subprocess.run(
        [tool("pdftotext"), str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "职业技能等级认定实施方案" in text and "第001考场" in text
    assert c["candidates"][0]["name"] in text and "待审批" in text


def test_plan_11_the_authority_rechecks_a_candidate_audited_and_the_institution_sees_it(
    client, seated, sitting, staff, boss
):
    plan = impl.plan_submit(actor=staff, sitting=sitting, today=DUE)
    reg = sitting.registrations.order_by("id").first()
    with pytest.raises(DomainError) as err:
        impl.candidate_recheck(
            actor=boss, plan=plan, registration=reg, finding=CandidateRecheck.INELIGIBLE
        )
    assert err.value.field == "note" and err.value.rule == "PLAN-11"
    with pytest.raises(DomainError):
        impl.candidate_recheck(actor=staff, plan=plan, registration=reg, finding="eligible")
    recheck = impl.candidate_recheck(
        actor=boss,
        plan=plan,
        registration=reg,
        finding=CandidateRecheck.INELIGIBLE,
        note="毕业年份与学籍不符",
    )
    assert isinstance(recheck.system_findings, list)
    entry = AuditEntry.objects.get(action="registration.recheck")
    assert entry.after["finding"] == "ineligible"
    client.force_login(staff)
    page = client.get(reverse("implementation_plan", args=[sitting.institution_id, sitting.pk]))
    assert "毕业年份与学籍不符" in page.content.decode() and "不符合条件" in page.content.decode()


def test_plan_11_the_recheck_runs_the_registration_check(seated, sitting, staff):
    """The same judgement as registration (RegistrationCheck): a candidate whose stated
    school level no longer qualifies is flagged with the rule."""
    plan = impl.plan_submit(actor=staff, sitting=sitting, today=DUE)
    regs = list(sitting.registrations.order_by("id"))
    regs[0].school_level = ""
    regs[0].save(update_fields=["school_level"])
    found = impl.recheck_findings(plan, regs)
    assert found[regs[0].pk] and any("PLAN-" in m for m in found[regs[0].pk])
    assert found[regs[1].pk] == []


def test_inst_16_levels_2_and_1_need_the_centres_approval(
    institution, enrol, staff, boss, settings
):
    high = f.sitting(institution, level=2, theory_on=date(2026, 6, 1))
    enrol(high, 2)
    seating_arrange(actor=None, sitting=high, rooms=theory_rooms(venue(institution), 1), seed=1)
    impl.plan_approve(actor=boss, plan=impl.plan_submit(actor=staff, sitting=high, today=DUE))
    refusal = gate.sitting_refusal(high)
    assert refusal.rule == "INST-16" and "INST-16" in refusal.message
    with pytest.raises(DomainError):
        _exam(high)
    request = impl.level_request(actor=staff, sitting=high, reason="企业技师评价")
    with pytest.raises(DomainError):
        impl.level_request(actor=staff, sitting=high, reason="重复")
    with pytest.raises(DomainError) as err:
        impl.level_decide(actor=boss, request=request, approve=False)
    assert err.value.field == "reasons"
    impl.level_decide(actor=boss, request=request, approve=False, reason="考评员不足")
    assert LevelApproval.objects.get().state == LevelApproval.REFUSED
    assert gate.sitting_refusal(high).rule == "INST-16"
    again = impl.level_request(actor=staff, sitting=high, reason="已补充考评员")
    impl.level_decide(actor=boss, request=again, approve=True)
    assert gate.sitting_refusal(high) is None
    settings.SKILLCERT_RULES = {"high_level_approval_required": "false"}
    assert not gate.level_approval_needed(high)
    with pytest.raises(DomainError) as err:  # level 4 needs no request
        impl.level_request(actor=staff, sitting=f.sitting(institution), reason="x")
    assert err.value.code == "level_not_high"


# --- pages and API -----------------------------------------------------------------------


def test_inst_13_pages_institution_sends_authority_approves_outsiders_404(
    client, ahead, staff, boss, outsider
):
    sitting = ahead
    iid = sitting.institution_id
    client.force_login(staff)
    client.post(reverse("implementation_plan_submit", args=[iid, sitting.pk]))
    plan = ImplementationPlan.objects.get()
    tickets = reverse("seating_tickets", args=[iid, sitting.pk])
    refused = client.get(tickets, follow=True)
    assert "INST-13" in refused.content.decode()
    pdf = client.get(reverse("implementation_plan_pdf", args=[iid, sitting.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # Non-authority users (members, other institutions, a staff of another region): 404.
    other = f.authority_user("420000")
    for who in (staff, outsider, other):
        client.force_login(who)
        assert client.get(reverse("authority_plan", args=[plan.pk])).status_code == 404
        r = client.post(reverse("authority_plan", args=[plan.pk]), {"decision": "approve"})
        assert r.status_code == 404
    for who in (staff, outsider):
        client.force_login(who)
        assert client.get(reverse("authority_sittings")).status_code == 404
    client.force_login(other)
    assert sitting.name not in client.get(reverse("authority_sittings")).content.decode()
    client.force_login(boss)
    queue = client.get(reverse("authority_sittings")).content.decode()
    assert sitting.name in queue
    page = client.get(reverse("authority_plan", args=[plan.pk])).content.decode()
    assert "考生名单与资格复审" in page
    client.post(reverse("authority_plan", args=[plan.pk]), {"decision": "approve", "reasons": ""})
    plan.refresh_from_db()
    assert plan.state == ImplementationPlan.APPROVED
    client.force_login(staff)
    assert client.get(tickets).status_code == 200


def test_inst_13_api_each_step_and_authority_bounds(client, ahead, staff, boss, outsider):
    sitting = ahead
    iid = sitting.institution_id
    base = f"/api/institutions/{iid}/sittings/{sitting.pk}/implementation-plan"
    client.force_login(staff)
    status = client.get(base).json()
    assert status["ready"] is False and status["rule"] == "INST-13"
    sent = client.post(base)
    assert sent.status_code == 201 and sent.json()["state"] == "submitted"
    again = client.post(base)
    assert again.status_code == 400 and again.json()["detail"]["code"] == "plan_pending"
    plan = ImplementationPlan.objects.get()
    decide = f"/api/authority/implementation-plans/{plan.pk}/decision"
    for who in (staff, outsider, f.authority_user("420000")):
        client.force_login(who)
        r = client.post(decide, {"decision": "approve"}, content_type="application/json")
        assert r.status_code == 404, who
    client.force_login(boss)
    assert [p["id"] for p in client.get("/api/authority/implementation-plans").json()] == [plan.pk]
    reg = sitting.registrations.first()
    r = client.post(
        f"/api/authority/implementation-plans/{plan.pk}/rechecks",
        {"registration_id": reg.pk, "finding": "eligible"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["finding"] == "eligible"
    r = client.post(decide, {"decision": "return"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["code"] == "reasons_required"
    r = client.post(decide, {"decision": "approve"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "approved"
    client.force_login(staff)
    assert client.get(base).json()["ready"] is True


def test_inst_13_api_late_submission_refused_with_the_rule(client, seated, sitting, staff):
    client.force_login(staff)  # today (the test's clock) is after the 2026-06-01 sitting's due
    r = client.post(
        f"/api/institutions/{sitting.institution_id}/sittings/{sitting.pk}/implementation-plan"
    )
    if timezone.localdate() > DUE:
        assert r.status_code == 400 and r.json()["detail"]["code"] == "plan_late"
        assert "INST-13" in r.json()["detail"]["message"]


def test_inst_13_the_exam_does_not_open_when_the_plan_changed_since_its_approval(
    seated, sitting, staff, boss
):
    """The exam is created after the approval; the rooms change; the first sign-in (which
    opens the exam) is refused with the rule until the new version is approved."""
    from tests.exams.helpers import sign_in

    impl.plan_approve(actor=boss, plan=impl.plan_submit(actor=staff, sitting=sitting, today=DUE))
    exam = _exam_now(sitting)
    seating_arrange(actor=None, sitting=sitting, rooms=seated[1:], seed=3)
    seat = sitting.registrations.first().seat
    with pytest.raises(DomainError) as err:
        sign_in(exam, seat)
    assert err.value.rule == "INST-13" and "开考" in err.value.message
    impl.plan_approve(actor=boss, plan=impl.plan_submit(actor=staff, sitting=sitting, today=DUE))
    assert sign_in(exam, seat)


def _exam_now(sitting):
    from skillcert.exams.services import exam_create

    return exam_create(
        actor=None,
        sitting=sitting,
        title="理论知识机考",
        starts_at=timezone.now() - timedelta(minutes=1),
        duration_minutes=60,
        questions=questions(4),
    )


def test_inst_16_page_and_api_request_and_decision_others_404(
    client, institution, staff, boss, outsider
):
    high = f.sitting(institution, level=1, theory_on=date(2026, 6, 1))
    client.force_login(staff)
    api = f"/api/institutions/{institution.pk}/sittings/{high.pk}/level-approval"
    r = client.post(api, {"reason": "高级技师评价"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["state"] == "pending"
    approval = LevelApproval.objects.get()
    page = reverse("authority_level", args=[approval.pk])
    decide = f"/api/authority/level-approvals/{approval.pk}/decision"
    for who in (staff, outsider, f.authority_user("420000")):
        client.force_login(who)
        assert client.get(page).status_code == 404
        r = client.post(decide, {"decision": "approve"}, content_type="application/json")
        assert r.status_code == 404
    client.force_login(boss)
    assert "高级技师评价" in client.get(page).content.decode()
    r = client.post(decide, {"decision": "refuse"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["code"] == "reasons_required"
    client.post(page, {"decision": "approve", "reasons": "同意"})
    approval.refresh_from_db()
    assert approval.state == LevelApproval.APPROVED
    assert AuditEntry.objects.filter(action="level_approval.approve").exists()


def test_inst_13_a_candidates_own_ticket_waits_for_the_approval(
    client, seated, sitting, staff, boss
):
    reg = sitting.registrations.order_by("id").first()
    reg.person.user = f.user("cand_plan")
    reg.person.save(update_fields=["user"])
    client.force_login(reg.person.user)
    url = reverse("my_ticket_pdf", args=[reg.pk])
    refused = client.get(url, follow=True)
    assert "实施方案尚未经人社部门批准" in refused.content.decode()
    impl.plan_approve(actor=boss, plan=impl.plan_submit(actor=staff, sitting=sitting, today=DUE))
    assert client.get(url).content.startswith(b"%PDF")


def test_inst_13_the_gates_fingerprint_is_the_plans(seated, sitting, staff):
    """The gate's three-query fingerprint equals the one of the content sent (no change:
    no refusal), with and without staff."""
    from skillcert.arrangement.implementation.content import (
        current_fingerprint,
        fingerprint,
        plan_content,
    )

    assert current_fingerprint(sitting) == fingerprint(plan_content(sitting))
    plan = impl.plan_submit(actor=staff, sitting=sitting, today=DUE)
    assert plan.fingerprint == current_fingerprint(sitting)


def test_inst_13_staff_are_in_the_plan_and_a_staffing_change_needs_a_new_approval(
    sitting, enrol, staff, boss
):
    from skillcert.arrangement.implementation.content import current_fingerprint
    from skillcert.arrangement.staffing.services import staffing_plan_create
    from tests.arrangement.test_staffing_service import staffed_sitting

    staffed_sitting(sitting, enrol)
    staffing_plan_create(actor=None, sitting=sitting, seed=42)
    plan = impl.plan_submit(actor=staff, sitting=sitting, today=DUE)
    assert plan.fingerprint == current_fingerprint(sitting)
    assert plan.content["counts"]["proctor"] == 4 and not plan.content["missing"]
    impl.plan_approve(actor=boss, plan=plan)
    assert gate.sitting_refusal(sitting) is None
    staffing_plan_create(actor=None, sitting=sitting, seed=7)  # another draw of the lot
    changed = gate.sitting_refusal(sitting)
    assert changed is None or changed.code == "plan_changed"
