from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from skillcert.core.api_types import DbId, ScoreText
from skillcert.institutions.guards import institution_api
from skillcert.plans.web import sitting_get

from .api_submissions import router as submissions_router
from .models import Appeal
from .selectors import (
    appeal_due_state,
    appeals_queue,
    candidate_appeals,
    candidate_registration_get,
    notice_state,
    publication_complete,
    publication_of,
    results_missing,
    score_sheet,
    sitting_summary,
)
from .services import ScoreInput, appeal_create, parse_score, results_set

router = Router(tags=["成绩 scores"])
router.add_router("/", submissions_router)  # INST-14


class ResultOut(Schema):
    registration_id: int
    name: str
    id_masked: str
    theory_score: Decimal | None
    theory_absent: bool
    practical_score: Decimal | None
    practical_absent: bool
    passed: bool | None
    carried_subject: str = ""  # SCORE-02: "theory"/"practical" carried from an earlier sitting
    carried_on: date | None = None


class ResultIn(Schema):
    registration_id: DbId
    theory_score: ScoreText | None = None
    theory_absent: bool = False
    practical_score: ScoreText | None = None
    practical_absent: bool = False


class ResultsIn(Schema):
    results: list[ResultIn]


def _out(reg) -> ResultOut:
    res = getattr(reg, "result", None)
    return ResultOut(
        registration_id=reg.pk,
        name=reg.person.name,
        id_masked=reg.person.id_masked,
        theory_score=res.theory_score if res else None,
        theory_absent=res.theory_absent if res else False,
        practical_score=res.practical_score if res else None,
        practical_absent=res.practical_absent if res else False,
        passed=res.passed if res else None,
        carried_subject=res.carried_subject if res else "",
        carried_on=res.carried_on if res else None,
    )


@router.get("/institutions/{iid}/sittings/{sid}/results", response=list[ResultOut])
def results_list(request, iid: DbId, sid: DbId):
    sitting = sitting_get(institution_api(request, iid), sid)
    return [_out(r) for r in score_sheet(sitting)]


@router.put("/institutions/{iid}/sittings/{sid}/results", response=list[ResultOut])
def results_put(request, iid: DbId, sid: DbId, payload: ResultsIn):
    """Enter or change scores (SCORE-01); all or nothing; each change audited (REC-09)."""
    institution = institution_api(request, iid, score=True)
    sitting = sitting_get(institution, sid)
    items = []
    for r in payload.results:
        theory, _ = parse_score(r.theory_score, field="theory_score")
        practical, _ = parse_score(r.practical_score, field="practical_score")
        items.append(
            ScoreInput(r.registration_id, theory, practical, r.theory_absent, r.practical_absent)
        )
    results_set(actor=request.user, sitting=sitting, items=items)
    return [_out(r) for r in score_sheet(sitting)]


# --- SCORE-04 / SCORE-06: notice and publication status ------------------------------------


class PublicationOut(Schema):
    sitting_id: int
    candidates: int
    scored: int
    passed: int
    complete: bool
    notify_by: date | None  # SCORE-04
    notice_state: str  # done / ok / near / missed / "" (no date)
    notified_at: datetime | None
    published_at: datetime | None  # SCORE-06
    period_ends_on: date | None
    publication_complete: bool


@router.get("/institutions/{iid}/sittings/{sid}/publication", response=PublicationOut)
def publication_status(request, iid: DbId, sid: DbId):
    """SCORE-04 notice and SCORE-06 publication of a sitting's results."""
    sitting = sitting_get(institution_api(request, iid), sid)
    today = timezone.localdate()
    summary = sitting_summary(sitting)
    notice = notice_state(sitting, today)
    pub = publication_of(sitting)
    return PublicationOut(
        sitting_id=sitting.pk,
        candidates=summary["candidates"],
        scored=summary["scored"],
        passed=summary["passed"],
        complete=summary["candidates"] > 0 and not results_missing(sitting),
        notify_by=notice.due_on,
        notice_state=notice.state,
        notified_at=notice.notice.notified_at if notice.notice else None,
        published_at=pub.published_at if pub else None,
        period_ends_on=pub.period_ends_on if pub else None,
        publication_complete=publication_complete(sitting, today),
    )


# --- SCORE-05: appeals -----------------------------------------------------------------------


class AppealOut(Schema):
    id: int
    registration_id: int
    sitting_id: int
    subject: str
    reason: str
    received_at: datetime
    due_on: date
    due_state: str  # open / due / overdue / answered / late
    status: str
    score_before: Decimal | None
    outcome: str
    score_after: Decimal | None
    answer: str
    answered_at: datetime | None


class AppealIn(Schema):
    registration_id: DbId
    subject: Literal["theory", "practical"]
    reason: str = Field(min_length=1, max_length=500)


def _appeal_out(a: Appeal, today: date) -> AppealOut:
    return AppealOut(
        id=a.pk,
        registration_id=a.registration_id,
        sitting_id=a.registration.sitting_id,
        subject=a.subject,
        reason=a.reason,
        received_at=a.received_at,
        due_on=a.due_on,
        due_state=appeal_due_state(a, today),
        status=a.status,
        score_before=a.score_before,
        outcome=a.outcome,
        score_after=a.score_after,
        answer=a.answer,
        answered_at=a.answered_at,
    )


@router.get("/me/appeals", response=list[AppealOut])
def my_appeals(request):
    """SCORE-05: the signed-in candidate's own appeals with their answers."""
    today = timezone.localdate()
    return [_appeal_out(a, today) for a in candidate_appeals(request.user)]


@router.post("/me/appeals", response={201: AppealOut})
def my_appeal_create(request, payload: AppealIn):
    """SCORE-05: apply to re-check a subject of one's own result, within the window."""
    registration = candidate_registration_get(request.user, payload.registration_id)
    appeal = appeal_create(
        actor=request.user,
        registration=registration,
        subject=payload.subject,
        reason=payload.reason,
    )
    return Status(201, _appeal_out(appeal, timezone.localdate()))


@router.get("/institutions/{iid}/appeals", response=list[AppealOut])
def institution_appeals(request, iid: DbId, status: Literal["", "pending", "answered"] = ""):
    """SCORE-05: the institution's appeals queue, due first."""
    institution = institution_api(request, iid)
    today = timezone.localdate()
    return [_appeal_out(a, today) for a in appeals_queue(institution, status=status)]
