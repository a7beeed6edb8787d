from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from skillcert.core.errors import NotFound
from skillcert.core.rules import rules
from skillcert.plans.models import Registration
from skillcert.plans.selectors import registrations_of_user

from .models import PRACTICAL, THEORY, Appeal, Result, ResultNotice, ResultPublication
from .services import SUBJECT_LABELS, appeal_deadline, mask_name, notice_due_on, results_missing


def score_sheet(sitting):
    """Approved registrations of a sitting with their results, in roster order."""
    return (
        Registration.objects.filter(sitting=sitting, status=Registration.APPROVED)
        .select_related("person", "result")
        .order_by("id")
    )


def sitting_summary(sitting) -> dict:
    rows = list(score_sheet(sitting))
    results = [getattr(r, "result", None) for r in rows]
    return {
        "candidates": len(rows),
        "scored": sum(1 for x in results if x is not None and x.passed is not None),
        "passed": sum(1 for x in results if x is not None and x.passed),
    }


# --- issue "Results and appeals": SCORE-02/04/05/06 reads ----------------------------------


@dataclass(frozen=True)
class NoticeState:
    """SCORE-04: when the sitting's results are due to the candidates, and where we stand."""

    due_on: date | None
    notice: ResultNotice | None
    state: str  # "done", "ok", "near", "missed", "" (no date)
    days_left: int

    @property
    def warning(self) -> bool:
        return self.state in ("near", "missed")


def notice_state(sitting, today: date) -> NoticeState:
    notice = ResultNotice.objects.filter(sitting=sitting).first()
    due = notice_due_on(sitting)
    if notice is not None:
        return NoticeState(due, notice, "done", 0)
    if due is None:
        return NoticeState(None, None, "", 0)
    if today > due:
        return NoticeState(due, None, "missed", 0)
    left = (due - today).days  # SCORE-04 counts calendar days (002 §22 "十五天之内")
    near = left <= rules().deadline_warning_workdays
    return NoticeState(due, None, "near" if near else "ok", left)


def publication_of(sitting) -> ResultPublication | None:
    return ResultPublication.objects.filter(sitting=sitting).first()


def publication_complete(sitting, today: date | None = None) -> bool:
    """SCORE-06: the sitting's results were published and the 公示 period has ended.

    For the certificates app if the lead decides issue waits for the period (the seeds do not
    say so explicitly; see the scoring report)."""
    today = today or timezone.localdate()
    return ResultPublication.objects.filter(sitting=sitting, period_ends_on__lt=today).exists()


def results_overview(sitting, today: date) -> dict:
    """Context of the sitting's results page (scores, SCORE-04 notice, SCORE-06 publication)."""
    missing = results_missing(sitting)
    summary = sitting_summary(sitting)
    return {
        "summary": summary,
        "missing": missing,
        "complete": not missing and summary["candidates"] > 0,
        "notice": notice_state(sitting, today),
        "publication": publication_of(sitting),
        "publication_complete": publication_complete(sitting, today),
        "appeals": list(
            Appeal.objects.filter(registration__sitting=sitting).select_related(
                "registration__person"
            )
        ),
    }


def public_publications(today: date):
    """SCORE-06: publications whose 公示 period runs (public, no login)."""
    return (
        ResultPublication.objects.filter(period_ends_on__gte=today)
        .select_related("institution", "sitting__occupation", "sitting__job_type")
        .order_by("-published_at")
    )


def public_publication_get(pid) -> ResultPublication:
    try:
        return ResultPublication.objects.select_related(
            "institution", "sitting__occupation", "sitting__job_type"
        ).get(pk=int(pid))
    except (ResultPublication.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound("未找到该公示") from None


def public_pass_list(publication: ResultPublication) -> list[dict]:
    """SCORE-06: the passed candidates only, name and ID number masked; no scores (the seeds
    ask for "鉴定的结果公示于众"; a pass list is the result that decides a certificate)."""
    regs = (
        Registration.objects.filter(
            sitting_id=publication.sitting_id,
            status=Registration.APPROVED,
            result__passed=True,
        )
        .select_related("person")
        .order_by("id")
    )
    return [{"name": mask_name(r.person.name), "id_masked": r.person.id_masked} for r in regs]


def public_figures(publication: ResultPublication) -> dict:
    """SCORE-06 (issue 16 item 25): the public page's figures, counted from the very rows it
    lists now, not from the numbers stored at publication (a correction after publication,
    by appeal or VIOL-05, changes the list and the figures together)."""
    rows = public_pass_list(publication)
    candidates = Registration.objects.filter(
        sitting_id=publication.sitting_id, status=Registration.APPROVED
    ).count()
    return {"rows": rows, "candidates": candidates, "passed": len(rows)}


def appeal_due_state(appeal: Appeal, today: date) -> str:
    """SCORE-05: "answered", "late" (answered after the due day), "overdue", "due" (today),
    "open"."""
    if appeal.status == Appeal.ANSWERED:
        late = appeal.answered_at and timezone.localdate(appeal.answered_at) > appeal.due_on
        return "late" if late else "answered"
    if today > appeal.due_on:
        return "overdue"
    return "due" if today == appeal.due_on else "open"


def appeals_queue(institution, *, status: str = "") -> list[Appeal]:
    """SCORE-05: the institution's appeals, the ones due first."""
    rows = Appeal.objects.filter(institution=institution).select_related(
        "registration__person", "registration__sitting"
    )
    if status in (Appeal.PENDING, Appeal.ANSWERED):
        rows = rows.filter(status=status)
    return list(rows.order_by("status", "due_on", "id")[:2000])


def appeal_get(institution, appeal_id) -> Appeal:
    try:
        return Appeal.objects.select_related(
            "registration__person", "registration__sitting", "result"
        ).get(institution=institution, pk=int(appeal_id))
    except (Appeal.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound("未找到该复核申请") from None


# --- the candidate's own results (portal) ---------------------------------------------------


@dataclass
class SubjectView:
    subject: str
    label: str
    shown: str  # "85.0", "缺考", "沿用2025-06-01成绩 75.0"
    passed: bool | None
    appealable: bool


@dataclass
class PortalResult:
    notified: bool
    notified_on: date | None = None
    appeal_deadline: date | None = None
    can_appeal: bool = False
    passed: bool | None = None
    subjects: list[SubjectView] = field(default_factory=list)
    appeals: list[Appeal] = field(default_factory=list)


def _subject_view(result: Result, subject: str, open_subjects: set[str], can: bool):
    score = getattr(result, f"{subject}_score")
    absent = getattr(result, f"{subject}_absent")
    if absent:
        shown = "缺考"
    elif score is None:
        shown = ""
    else:
        shown = str(score)
    if result.carried_subject == subject:
        shown = f"{result.carried_label} {score}"
    passed = None if score is None else (not absent and score >= rules().pass_mark)
    appealable = can and result.carried_subject != subject and subject not in open_subjects
    return SubjectView(subject, SUBJECT_LABELS[subject], shown, passed, appealable)


def portal_result(registration, today: date) -> PortalResult:
    """SCORE-04/05: what a candidate sees of one registration's result: nothing before the
    notice ("成绩尚未公布"), then each subject (缺考 / 沿用), the decision and the appeals."""
    result = getattr(registration, "result", None)
    notice = ResultNotice.objects.filter(sitting_id=registration.sitting_id).first()
    if result is None or notice is None:
        return PortalResult(notified=False)
    deadline = appeal_deadline(notice)
    appeals = list(Appeal.objects.filter(result=result).order_by("-received_at"))
    pending = {a.subject for a in appeals if a.status == Appeal.PENDING}
    can = today <= deadline
    return PortalResult(
        notified=True,
        notified_on=timezone.localdate(notice.notified_at),
        appeal_deadline=deadline,
        can_appeal=can,
        passed=result.passed,
        subjects=[_subject_view(result, s, pending, can) for s in (THEORY, PRACTICAL)],
        appeals=appeals,
    )


def candidate_registrations(user, today: date | None = None) -> list:
    """The candidate's registrations (plans.selectors.registrations_of_user), each with
    `.portal` (a PortalResult) for the portal page."""
    today = today or timezone.localdate()
    regs = list(registrations_of_user(user)[:200])
    for reg in regs:
        reg.portal = portal_result(reg, today)
    return regs


def candidate_registration_get(user, registration_id) -> Registration:
    """A candidate's own registration; anybody else's is a 404."""
    try:
        return registrations_of_user(user).get(pk=int(registration_id))
    except (Registration.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound("未找到该报名") from None


def candidate_appeals(user) -> list[Appeal]:
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return []
    return list(
        Appeal.objects.filter(registration__person=person)
        .select_related("registration__sitting", "institution")
        .order_by("-received_at")[:500]
    )


def under_practical_appeal(registration_ids) -> set[int]:
    """Registrations with a pending practical appeal: their panel may re-score and re-sign
    although a certificate was issued (SCORE-03/05); the appeal's answer then settles the
    certificate (scoring.signals.appeal_decided)."""
    return set(
        Appeal.objects.filter(
            registration_id__in=list(registration_ids),
            subject=PRACTICAL,
            status=Appeal.PENDING,
        ).values_list("registration_id", flat=True)
    )
