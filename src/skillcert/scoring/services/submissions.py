"""INST-14: results and the pass list go to the authority for 核查备案; where the authority
asks for it (rules().results_review_required) the scores are released to candidates
(SCORE-04 notice, SCORE-06 publication) only after it approves them."""

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.institutions.authority import authority_check, decision_reasons
from skillcert.institutions.selectors import can_manage
from skillcert.plans.models import Sitting

from ..models import ResultSubmission
from .notices import _lock, _require_complete
from .release import latest_submission, pass_list_of, release_refusal

S = ResultSubmission
__all__ = ["latest_submission", "pass_list_of", "release_refusal"]


@transaction.atomic
def results_submit(*, actor, sitting: Sitting, now=None) -> ResultSubmission:
    """INST-14: send the complete results and the pass list to the authority."""
    if actor is not None and not can_manage(actor, sitting.institution):
        raise DomainError("submission_forbidden", "需要机构负责人或考务人员角色", rule="INST-14")
    _lock(sitting)
    count = _require_complete(sitting, "报送人社部门", "INST-14")
    last = latest_submission(sitting)
    rows = pass_list_of(sitting)
    # Sent again after a return, or after the results changed since what was sent (an appeal,
    # a correction): the authority must hold the results that are released (INST-14).
    if last is not None and last.state != S.RETURNED and last.pass_list == rows:
        raise DomainError(
            "submission_exists", f"本批次成绩已报送（{last.get_state_display()}）", rule="INST-14"
        )
    review = rules().results_review_required
    submission = S.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        version=(last.version + 1) if last else 1,
        state=S.SUBMITTED if review else S.RECORDED,
        review_required=review,
        candidates=count,
        passed=sum(1 for r in rows if r["passed"]),
        pass_list=rows,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        submitted_at=now or timezone.now(),
    )
    audit_record(
        actor=actor,
        action="result_submission.submit",
        obj=submission,
        after={
            "version": submission.version,
            "state": submission.state,
            "candidates": count,
            "passed": submission.passed,
        },
    )
    return submission


def _decide(*, actor, submission: ResultSubmission, state: str, reasons: str, action: str):
    submission = S.objects.select_for_update().get(pk=submission.pk)
    authority_check(actor, submission.sitting.institution, rule="INST-14")
    if submission.state != S.SUBMITTED:
        raise DomainError(
            "submission_decided",
            f"该报送{submission.get_state_display()}，不能再核查",
            rule="INST-14",
        )
    reasons = decision_reasons(reasons, required=state == S.RETURNED, rule="INST-14")
    submission.state, submission.reasons = state, reasons
    submission.decided_by, submission.decided_at = actor, timezone.now()
    submission.save(update_fields=["state", "reasons", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=action,
        obj=submission,
        before={"state": S.SUBMITTED},
        after={"state": state, "reasons": reasons},
    )
    return submission


@transaction.atomic
def results_review_approve(*, actor, submission: ResultSubmission, reasons: str = ""):
    return _decide(
        actor=actor,
        submission=submission,
        state=S.APPROVED,
        reasons=reasons,
        action="result_submission.approve",
    )


@transaction.atomic
def results_review_return(*, actor, submission: ResultSubmission, reasons: str):
    return _decide(
        actor=actor,
        submission=submission,
        state=S.RETURNED,
        reasons=reasons,
        action="result_submission.return",
    )
