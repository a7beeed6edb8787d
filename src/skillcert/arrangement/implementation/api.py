"""JSON API of the implementation plan (INST-13), the re-check (PLAN-11) and the level
approval (INST-16): the institution's operations under /institutions/{iid}/ (exam-affairs
roles), the authority's under /authority/ (its region; anyone else 404)."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Router, Schema, Status

from skillcert.core.api_errors import as_api_error
from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.errors import Refusal
from skillcert.core.web import found_or_404
from skillcert.institutions.authority import authority_scope
from skillcert.institutions.guards import institution_api
from skillcert.plans.web import sitting_get

from . import selectors, services
from .content import plan_content
from .gate import level_approval_needed, sitting_refusal

router = Router(tags=["实施方案 implementation plan"])


class ImplementationPlanOut(Schema):
    id: int
    sitting_id: int
    institution_id: int
    version: int
    state: str
    state_name: str
    submitted_on: date
    due_on: date
    decided_at: datetime | None
    reasons: str
    content: dict


class CandidateRecheckOut(Schema):
    registration_id: int
    finding: str
    finding_name: str
    note: str
    system_findings: list[str]


class LevelApprovalOut(Schema):
    id: int
    sitting_id: int
    state: str
    state_name: str
    reason: str
    decision_reason: str
    decided_at: datetime | None


class ImplementationStatusOut(Schema):
    sitting_id: int
    ready: bool
    refusal: str
    rule: str
    level_approval_needed: bool
    plan: ImplementationPlanOut | None
    rechecks: list[CandidateRecheckOut]
    level_approvals: list[LevelApprovalOut]
    preview: dict


class LevelRequestIn(Schema):
    reason: str = Field(min_length=1, max_length=1000, pattern=NO_NUL)


class AuthorityDecisionIn(Schema):
    """An authority decision: approve, or return with reasons (INST-13, INST-14)."""

    decision: Literal["approve", "return"]
    reasons: str = Field("", max_length=1000, pattern=NO_NUL)


class LevelDecisionIn(Schema):
    decision: Literal["approve", "refuse"]
    reasons: str = Field("", max_length=1000, pattern=NO_NUL)


class RecheckIn(Schema):
    registration_id: DbId
    finding: Literal["eligible", "ineligible"]
    note: str = Field("", max_length=300, pattern=NO_NUL)


def _plan_out(p) -> ImplementationPlanOut:
    return ImplementationPlanOut(
        id=p.pk,
        sitting_id=p.sitting_id,
        institution_id=p.institution_id,
        version=p.version,
        state=p.state,
        state_name=p.get_state_display(),
        submitted_on=p.submitted_on,
        due_on=p.due_on,
        decided_at=p.decided_at,
        reasons=p.reasons,
        content=p.content,
    )


def _recheck_out(r) -> CandidateRecheckOut:
    return CandidateRecheckOut(
        registration_id=r.registration_id,
        finding=r.finding,
        finding_name=r.get_finding_display(),
        note=r.note,
        system_findings=r.system_findings,
    )


def _level_out(a) -> LevelApprovalOut:
    return LevelApprovalOut(
        id=a.pk,
        sitting_id=a.sitting_id,
        state=a.state,
        state_name=a.get_state_display(),
        reason=a.reason,
        decision_reason=a.decision_reason,
        decided_at=a.decided_at,
    )


def _status(sitting) -> ImplementationStatusOut:
    plan = selectors.latest_plan(sitting)
    refusal = sitting_refusal(sitting)
    return ImplementationStatusOut(
        sitting_id=sitting.pk,
        ready=refusal is None,
        refusal=refusal.message if refusal else "",
        rule=refusal.rule if refusal else "",
        level_approval_needed=level_approval_needed(sitting),
        plan=_plan_out(plan) if plan else None,
        rechecks=[_recheck_out(r) for r in selectors.rechecks_of(plan=plan).values()]
        if plan
        else [],
        level_approvals=[_level_out(a) for a in selectors.level_approvals_of(sitting=sitting)],
        preview=plan_content(sitting),
    )


def _sitting(request, iid, sid):
    return sitting_get(institution_api(request, iid, manage=True), sid)


@router.get(
    "/institutions/{iid}/sittings/{sid}/implementation-plan", response=ImplementationStatusOut
)
def implementation_status(request, iid: DbId, sid: DbId):
    """INST-13: may tickets print and the exam run; the plan, its re-checks (PLAN-11)."""
    return _status(_sitting(request, iid, sid))


@router.post(
    "/institutions/{iid}/sittings/{sid}/implementation-plan",
    response={201: ImplementationPlanOut},
)
def implementation_submit(request, iid: DbId, sid: DbId):
    """INST-13: generate the plan and send it, ≥ 10 working days before the sitting."""
    plan = services.plan_submit(actor=request.user, sitting=_sitting(request, iid, sid))
    return Status(201, _plan_out(plan))


@router.post("/institutions/{iid}/sittings/{sid}/level-approval", response={201: LevelApprovalOut})
def level_approval_request(request, iid: DbId, sid: DbId, payload: LevelRequestIn):
    """INST-16: ask the guidance centre to approve a level 2 or 1 sitting."""
    approval = services.level_request(
        actor=request.user, sitting=_sitting(request, iid, sid), reason=payload.reason
    )
    return Status(201, _level_out(approval))


# --- the authority's operations ---------------------------------------------------------


def _prefix(request) -> str:
    try:
        return authority_scope(request.user)
    except Refusal as exc:
        raise as_api_error(exc) from None


def _authority_plan(request, pid):
    return found_or_404(
        selectors.plan_for_authority(prefix=_prefix(request), plan_id=pid), "未找到该实施方案"
    )


@router.get("/authority/implementation-plans", response=list[ImplementationPlanOut])
def authority_plans(request, pending: bool = False):
    """The region's plans, newest first (pending only with ?pending=true)."""
    return [
        _plan_out(p)
        for p in selectors.plans_for_authority(prefix=_prefix(request), pending_only=pending)[:200]
    ]


@router.get("/authority/implementation-plans/{pid}", response=ImplementationPlanOut)
def authority_plan(request, pid: DbId):
    return _plan_out(_authority_plan(request, pid))


@router.post("/authority/implementation-plans/{pid}/decision", response=ImplementationPlanOut)
def authority_plan_decide(request, pid: DbId, payload: AuthorityDecisionIn):
    """INST-13: approve, or return with reasons."""
    plan = _authority_plan(request, pid)
    if payload.decision == "approve":
        plan = services.plan_approve(actor=request.user, plan=plan, reasons=payload.reasons)
    else:
        plan = services.plan_return(actor=request.user, plan=plan, reasons=payload.reasons)
    return _plan_out(plan)


@router.post("/authority/implementation-plans/{pid}/rechecks", response={201: CandidateRecheckOut})
def authority_recheck(request, pid: DbId, payload: RecheckIn):
    """PLAN-11: the authority's finding on one candidate of the plan's list."""
    plan = _authority_plan(request, pid)
    registration = found_or_404(
        selectors.listed_registration(plan=plan, registration_id=payload.registration_id),
        "该考生不在本实施方案的考生名单中",
    )
    recheck = services.candidate_recheck(
        actor=request.user,
        plan=plan,
        registration=registration,
        finding=payload.finding,
        note=payload.note,
    )
    return Status(201, _recheck_out(recheck))


@router.get("/authority/level-approvals", response=list[LevelApprovalOut])
def authority_levels(request, pending: bool = False):
    return [
        _level_out(a)
        for a in selectors.level_approvals_for_authority(
            prefix=_prefix(request), pending_only=pending
        )[:200]
    ]


@router.post("/authority/level-approvals/{lid}/decision", response=LevelApprovalOut)
def authority_level_decide(request, lid: DbId, payload: LevelDecisionIn):
    """INST-16: approve or refuse (with reasons)."""
    approval = found_or_404(
        selectors.level_approval_for_authority(prefix=_prefix(request), approval_id=lid),
        "未找到该申请",
    )
    approval = services.level_decide(
        actor=request.user,
        request=approval,
        approve=payload.decision == "approve",
        reason=payload.reasons,
    )
    return _level_out(approval)
