"""JSON API of INST-14: results and pass list to the authority (the institution's operation)
and the authority's review (its region; anyone else 404)."""

from datetime import datetime

from ninja import Router, Schema, Status

from skillcert.arrangement.implementation.api import AuthorityDecisionIn
from skillcert.core.api_types import DbId
from skillcert.core.web import found_or_404
from skillcert.institutions.authority import authority_scope
from skillcert.institutions.guards import institution_api
from skillcert.plans.web import sitting_get

from .selectors_submissions import (
    latest_submission,
    submission_for_authority,
    submissions_for_authority,
)
from .services.submissions import results_review_approve, results_review_return, results_submit

router = Router(tags=["成绩报送 result submissions"])


class PassListRow(Schema):
    registration_id: int
    name: str
    id_masked: str
    theory: str
    practical: str
    passed: bool


class ResultSubmissionOut(Schema):
    id: int
    sitting_id: int
    institution_id: int
    version: int
    state: str
    state_name: str
    review_required: bool
    candidates: int
    passed: int
    submitted_at: datetime
    decided_at: datetime | None
    reasons: str
    pass_list: list[PassListRow]


def _out(s) -> ResultSubmissionOut:
    return ResultSubmissionOut(
        id=s.pk,
        sitting_id=s.sitting_id,
        institution_id=s.institution_id,
        version=s.version,
        state=s.state,
        state_name=s.get_state_display(),
        review_required=s.review_required,
        candidates=s.candidates,
        passed=s.passed,
        submitted_at=s.submitted_at,
        decided_at=s.decided_at,
        reasons=s.reasons,
        pass_list=s.pass_list,
    )


def _sitting(request, iid, sid):
    return sitting_get(institution_api(request, iid, manage=True), sid)


@router.get("/institutions/{iid}/sittings/{sid}/result-submission", response=ResultSubmissionOut)
def result_submission_get(request, iid: DbId, sid: DbId):
    submission = found_or_404(latest_submission(_sitting(request, iid, sid)), "成绩尚未报送")
    return _out(submission)


@router.post(
    "/institutions/{iid}/sittings/{sid}/result-submission", response={201: ResultSubmissionOut}
)
def result_submission_send(request, iid: DbId, sid: DbId):
    """INST-14: send the complete results and the pass list to the authority."""
    return Status(
        201, _out(results_submit(actor=request.user, sitting=_sitting(request, iid, sid)))
    )


@router.get("/authority/result-submissions", response=list[ResultSubmissionOut])
def authority_submissions(request, pending: bool = False):
    prefix = authority_scope(request.user)
    return [_out(s) for s in submissions_for_authority(prefix=prefix, pending_only=pending)[:200]]


@router.post("/authority/result-submissions/{rid}/decision", response=ResultSubmissionOut)
def authority_submission_decide(request, rid: DbId, payload: AuthorityDecisionIn):
    """INST-14: approve (the institution may release the scores) or return with reasons."""
    submission = found_or_404(
        submission_for_authority(prefix=authority_scope(request.user), submission_id=rid),
        "未找到该成绩报送",
    )
    if payload.decision == "approve":
        submission = results_review_approve(
            actor=request.user, submission=submission, reasons=payload.reasons
        )
    else:
        submission = results_review_return(
            actor=request.user, submission=submission, reasons=payload.reasons
        )
    return _out(submission)
