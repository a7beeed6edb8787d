"""Reads of result submissions (INST-14): the institution's by sitting, the authority's by
its region prefix (institutions.authority). None when nothing is visible."""

from skillcert.institutions.authority import in_region
from skillcert.plans.models import Sitting

from .models import ResultSubmission
from .services.release import latest_submission, pass_list_of

__all__ = ["latest_submission"]


def changed_since_sent(submission: ResultSubmission | None) -> bool:
    """INST-14: the results differ from the pass list last sent (an appeal, a correction)."""
    if submission is None or submission.state == ResultSubmission.RETURNED:
        return False
    return submission.pass_list != pass_list_of(submission.sitting)


def submissions_of(*, sitting: Sitting):
    return ResultSubmission.objects.filter(sitting=sitting).order_by("-version")


def submissions_for_authority(*, prefix: str, pending_only: bool = False):
    qs = in_region(ResultSubmission.objects.all(), prefix).select_related(
        "sitting__institution", "sitting__occupation"
    )
    if pending_only:
        qs = qs.filter(state=ResultSubmission.SUBMITTED)
    return qs.order_by("-submitted_at", "-id")


def submission_for_authority(*, prefix: str, submission_id) -> ResultSubmission | None:
    try:
        return submissions_for_authority(prefix=prefix).filter(pk=int(submission_id)).first()
    except (TypeError, ValueError, OverflowError):
        return None
