"""INST-14: whether a sitting's results may be released (notice SCORE-04, publication
SCORE-06) where the authority reviews them first (rules().results_review_required)."""

from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.plans.models import Sitting

from ..models import ResultSubmission

S = ResultSubmission


def latest_submission(sitting: Sitting) -> ResultSubmission | None:
    return S.objects.filter(sitting=sitting).order_by("-version").first()


def release_refusal(sitting: Sitting, *, what: str) -> DomainError | None:
    """INST-14: why the results may not be released yet (None: they may)."""
    if not rules().results_review_required:
        return None
    last = latest_submission(sitting)
    if last is not None and last.state == S.APPROVED:
        return None
    state = "尚未报送" if last is None else last.get_state_display()
    return DomainError(
        "results_not_reviewed",
        f"成绩须经人社部门核查通过后方可{what}（INST-14），本批次成绩{state}",
        rule="INST-14",
    )
