"""Writes of the implementation plan (INST-13), the re-check of its candidates (PLAN-11) and
the approval of levels 2 and 1 (INST-16); every decision audited in its transaction.

The institution (its managers) sends the plan and asks for the level approval; the authority
whose region covers the institution (institutions.authority) approves or returns. A plan
changed after approval (rooms, numbers, candidates, staff: `content.fingerprint`) is not
approved any more: tickets and the exam are refused until the new version is approved, and
the new version is subject to the same 10-working-day lead (INST-13)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.core.workdays import add_workdays
from skillcert.institutions.authority import REASONS_MAX, authority_check, decision_reasons
from skillcert.institutions.selectors import can_manage
from skillcert.plans.deadlines import sitting_first_day
from skillcert.plans.models import Registration, Sitting
from skillcert.plans.registration.check import Applicant, RegistrationCheck, scope_finding

from .content import fingerprint, plan_content
from .gate import HIGH_LEVELS, latest_plan
from .models import CandidateRecheck, ImplementationPlan, LevelApproval


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _is_manager(actor, institution) -> bool:
    return actor is None or can_manage(actor, institution)


def plan_due_on(sitting: Sitting) -> date | None:
    """INST-13: the last day to send the plan, n working days before the first exam day."""
    first = sitting_first_day(sitting)
    return add_workdays(first, -rules().plan_report_workdays) if first else None


@transaction.atomic
def plan_submit(*, actor, sitting: Sitting, today: date | None = None) -> ImplementationPlan:
    """Generate the plan from the sitting and send it to the authority (INST-13)."""
    if not _is_manager(actor, sitting.institution):
        raise DomainError("plan_forbidden", "需要机构负责人或考务人员角色", rule="INST-13")
    Sitting.objects.select_for_update().filter(pk=sitting.pk).first()
    today = today or timezone.localdate()
    due = plan_due_on(sitting)
    if due is None:
        raise DomainError(
            "plan_no_date",
            "批次尚未确定考试日期，不能报送实施方案",
            field="sitting",
            rule="INST-13",
        )
    n = rules().plan_report_workdays
    if today > due:
        raise DomainError(
            "plan_late",
            f"实施方案须在考试前{n}个工作日（{due}及以前）报送人社部门，已逾期，不能报送（INST-13）",
            rule="INST-13",
        )
    content = plan_content(sitting)
    if not content["candidates"]:
        raise DomainError(
            "plan_no_seating",
            "请先编排考场座位：实施方案的考场与人数由座位编排生成（INST-13）",
            rule="INST-13",
        )
    digest = fingerprint(content)
    last = latest_plan(sitting)
    if last is not None and last.state == ImplementationPlan.SUBMITTED:
        raise DomainError("plan_pending", "实施方案已报送，待人社部门审批", rule="INST-13")
    if (
        last is not None
        and last.state == ImplementationPlan.APPROVED
        and last.fingerprint == digest
    ):
        raise DomainError("plan_unchanged", "实施方案已批准，且此后没有变更", rule="INST-13")
    plan = ImplementationPlan.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        version=(last.version + 1) if last else 1,
        content=content,
        fingerprint=digest,
        submitted_by=_user(actor),
        submitted_on=today,
        due_on=due,
    )
    audit_record(
        actor=actor,
        action="implementation_plan.submit",
        obj=plan,
        before={"version": last.version, "state": last.state} if last else None,
        after={
            "version": plan.version,
            "due_on": due,
            "candidates": content["counts"]["candidates"],
            "rooms": content["counts"]["rooms"],
            "staff": len(content["staff"]),
            "fingerprint": digest,
        },
    )
    return plan


def _decide(*, actor, plan: ImplementationPlan, state: str, reasons: str, action: str):
    plan = ImplementationPlan.objects.select_for_update().get(pk=plan.pk)
    authority_check(actor, plan.sitting.institution, rule="INST-13")
    if plan.state != ImplementationPlan.SUBMITTED:
        raise DomainError(
            "plan_decided", f"该实施方案{plan.get_state_display()}，不能再审批", rule="INST-13"
        )
    if latest_plan(plan.sitting).pk != plan.pk:
        raise DomainError("plan_superseded", "该版本已被新版本取代", rule="INST-13")
    plan.state, plan.reasons = state, reasons
    plan.decided_by, plan.decided_at = _user(actor), timezone.now()
    plan.save(update_fields=["state", "reasons", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=action,
        obj=plan,
        before={"state": ImplementationPlan.SUBMITTED},
        after={"state": state, "reasons": reasons, "version": plan.version},
    )
    return plan


@transaction.atomic
def plan_approve(*, actor, plan: ImplementationPlan, reasons: str = "") -> ImplementationPlan:
    """INST-13: the authority approves; tickets and the exam may go ahead."""
    return _decide(
        actor=actor,
        plan=plan,
        state=ImplementationPlan.APPROVED,
        reasons=decision_reasons(reasons, required=False, rule="INST-13"),
        action="implementation_plan.approve",
    )


@transaction.atomic
def plan_return(*, actor, plan: ImplementationPlan, reasons: str) -> ImplementationPlan:
    """INST-13: the authority returns the plan with reasons; the institution sends it again."""
    return _decide(
        actor=actor,
        plan=plan,
        state=ImplementationPlan.RETURNED,
        reasons=decision_reasons(reasons, required=True, rule="INST-13"),
        action="implementation_plan.return",
    )


# --- PLAN-11: the authority re-checks candidates of the list it received -------------------


def applicant_of(registration: Registration) -> Applicant:
    """What the registration states, as the registration check reads it."""
    return Applicant(
        school_level=registration.school_level,
        graduating_year=registration.graduating_year,
        onex_level=registration.onex_level,
        staff_title=registration.staff_title,
        title_years=registration.title_years,
        absence_share=registration.absence_share,
        has_photo=None,
        has_previous_certificate=bool(registration.previous_certificate),
    )


def recheck_findings(plan: ImplementationPlan, registrations: list[Registration]) -> dict:
    """PLAN-11: the registration check of plans (RegistrationCheck, PLAN-04..10) run again
    for these candidates on today's date: {registration id: ["message（rule）", ...]}."""
    sitting = plan.sitting
    check = RegistrationCheck(sitting, day=timezone.localdate())
    applicants = {r.pk: applicant_of(r) for r in registrations}
    check.load(
        [r.person_id for r in registrations],
        certificate_for=[
            r.person_id for r in registrations if check.needs_certificate(applicants[r.pk])
        ],
    )
    scope = scope_finding(sitting)
    out = {}
    for r in registrations:
        found = ([scope] if scope else []) + check.person_findings(r.person_id, applicants[r.pk])
        out[r.pk] = [f"{f.message}（{f.rule}）" if f.rule else f.message for f in found]
    return out


@transaction.atomic
def candidate_recheck(
    *, actor, plan: ImplementationPlan, registration: Registration, finding: str, note: str = ""
) -> CandidateRecheck:
    """PLAN-11: record the authority's finding on one candidate of the plan's list, with what
    the registration check finds today; the institution sees it on its plan page."""
    authority_check(actor, plan.sitting.institution, rule="PLAN-11")
    listed = {c["registration_id"] for c in plan.content.get("candidates", [])}
    if registration.pk not in listed or registration.sitting_id != plan.sitting_id:
        raise DomainError(
            "recheck_not_listed",
            "该考生不在本实施方案的考生名单中",
            field="registration",
            rule="PLAN-11",
        )
    if finding not in dict(CandidateRecheck.FINDINGS):
        raise DomainError("recheck_finding", "请选择复审结论", field="finding", rule="PLAN-11")
    note = (note or "").strip()
    if finding == CandidateRecheck.INELIGIBLE and not note:
        raise DomainError("recheck_note", "认定不符合条件须写明理由", field="note", rule="PLAN-11")
    if len(note) > 300:
        raise DomainError("recheck_note", "复审意见至多300字", field="note", rule="PLAN-11")
    system = recheck_findings(plan, [registration])[registration.pk]
    old = CandidateRecheck.objects.filter(plan=plan, registration=registration).first()
    before = {"finding": old.finding, "note": old.note} if old else None
    recheck, _ = CandidateRecheck.objects.update_or_create(
        plan=plan,
        registration=registration,
        defaults={
            "institution_id": plan.institution_id,
            "finding": finding,
            "note": note,
            "system_findings": system,
            "by": _user(actor),
        },
    )
    audit_record(
        actor=actor,
        action="registration.recheck",
        obj=recheck,
        before=before,
        after={
            "plan": plan.pk,
            "registration": registration.pk,
            "finding": finding,
            "note": note,
            "system_findings": system,
        },
    )
    return recheck


# --- INST-16: levels 2 and 1 need the guidance centre's approval -------------------------


@transaction.atomic
def level_request(*, actor, sitting: Sitting, reason: str) -> LevelApproval:
    """INST-16: ask the guidance centre to approve a sitting of level 2 or 1."""
    if not _is_manager(actor, sitting.institution):
        raise DomainError("level_forbidden", "需要机构负责人或考务人员角色", rule="INST-16")
    if sitting.level not in HIGH_LEVELS:
        raise DomainError(
            "level_not_high", "只有二级（技师）、一级（高级技师）需要报批", rule="INST-16"
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("level_reason", "请填写申请说明", field="reason", rule="INST-16")
    if len(reason) > REASONS_MAX:
        raise DomainError("level_reason", f"申请说明至多{REASONS_MAX}字", field="reason")
    Sitting.objects.select_for_update().filter(pk=sitting.pk).first()
    open_ = LevelApproval.objects.filter(
        sitting=sitting, state__in=[LevelApproval.PENDING, LevelApproval.APPROVED]
    ).first()
    if open_ is not None:
        raise DomainError(
            "level_requested", f"本批次已有申请（{open_.get_state_display()}）", rule="INST-16"
        )
    request = LevelApproval.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        reason=reason,
        requested_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action="level_approval.request",
        obj=request,
        after={"sitting": sitting.pk, "level": sitting.level, "reason": reason},
    )
    return request


@transaction.atomic
def level_decide(
    *, actor, request: LevelApproval, approve: bool, reason: str = ""
) -> LevelApproval:
    """INST-16: the authority approves or refuses (with reasons) the request."""
    request = LevelApproval.objects.select_for_update().get(pk=request.pk)
    authority_check(actor, request.sitting.institution, rule="INST-16")
    if request.state != LevelApproval.PENDING:
        raise DomainError("level_decided", "该申请已审批", rule="INST-16")
    reason = decision_reasons(reason, required=not approve, rule="INST-16")
    request.state = LevelApproval.APPROVED if approve else LevelApproval.REFUSED
    request.decision_reason = reason
    request.decided_by, request.decided_at = _user(actor), timezone.now()
    request.save(update_fields=["state", "decision_reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="level_approval.approve" if approve else "level_approval.refuse",
        obj=request,
        before={"state": LevelApproval.PENDING},
        after={"state": request.state, "reason": reason},
    )
    return request
