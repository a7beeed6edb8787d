"""INST-14: whether a sitting's results may be released (notice SCORE-04, publication
SCORE-06) where the authority reviews them first (rules().results_review_required)."""

from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.plans.models import Registration, Sitting

from ..models import Result, ResultSubmission

S = ResultSubmission


def latest_submission(sitting: Sitting) -> ResultSubmission | None:
    return S.objects.filter(sitting=sitting).order_by("-version").first()


def _score(value, absent: bool) -> str:
    return "缺考" if absent else ("" if value is None else f"{value}")


def pass_list_of(sitting: Sitting) -> list[dict]:
    rows = (
        Result.objects.filter(
            registration__sitting=sitting, registration__status=Registration.APPROVED
        )
        .select_related("registration__person")
        .order_by("registration_id")
    )
    return [
        {
            "registration_id": r.registration_id,
            "name": r.registration.person.name,
            "id_masked": r.registration.person.id_masked,
            "theory": _score(r.theory_score, r.theory_absent),
            "practical": _score(r.practical_score, r.practical_absent),
            "passed": bool(r.passed),
        }
        for r in rows
    ]


def release_refusal(sitting: Sitting, *, what: str) -> DomainError | None:
    """INST-14: why the results may not be released yet (None: they may)."""
    if not rules().results_review_required:
        return None
    last = latest_submission(sitting)
    if last is not None and last.state == S.APPROVED:
        if last.pass_list == pass_list_of(sitting):
            return None
        # Approval covers the results the authority saw: a score changed since is not released
        # until the changed results are sent and approved again.
        return DomainError(
            "results_changed_after_review",
            f"本批次成绩在人社部门核查通过后有变动，须重新报送核查后方可{what}（INST-14）",
            rule="INST-14",
        )
    state = "尚未报送" if last is None else last.get_state_display()
    return DomainError(
        "results_not_reviewed",
        f"成绩须经人社部门核查通过后方可{what}（INST-14），本批次成绩{state}",
        rule="INST-14",
    )
