"""JSON API of the technical evaluation (INST-03): the sheet, the group, an expert's marks,
the conclusion. Authority staff of the institution's region, or the group's experts; anyone
else 404."""

from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from ninja import Field, Router, Schema

from skillcert.core.api_types import NO_NUL, DbId, decimal_schema
from skillcert.core.errors import DomainError

from ..guards import authority_application, evaluation_reader, evaluation_seat
from . import selectors, services

router = Router(tags=["备案 filings"])
Points = decimal_schema(r"^\d{1,2}(\.\d)?$")


class FilingEvaluationItemOut(Schema):
    order: int
    section: str
    part: str
    content: str
    standard: str
    points: Decimal
    kind: str


class FilingEvaluatorOut(Schema):
    username: str
    is_leader: bool
    submitted_at: datetime | None
    total: Decimal | None


class FilingEvaluationOut(Schema):
    application_id: int
    state: str
    experts: list[FilingEvaluatorOut]
    mean_total: Decimal | None
    failed_vetoes: list[int]
    concluded_at: datetime | None
    passed: bool | None


class FilingGroupIn(Schema):
    experts: list[str] = Field(min_length=1, max_length=30)
    leader: str = Field("", max_length=150, pattern=NO_NUL)


class FilingMarkIn(Schema):
    order: int = Field(ge=1, le=1000)
    points: Points | None = None
    conforms: bool | None = None
    note: str = Field("", max_length=200, pattern=NO_NUL)


class FilingSheetIn(Schema):
    marks: list[FilingMarkIn] = Field(max_length=200)


def _out(application) -> FilingEvaluationOut:
    group = selectors.group_of(application=application)
    result = services.group_result(group) if group else None
    return FilingEvaluationOut(
        application_id=application.pk,
        state=application.state,
        experts=[
            FilingEvaluatorOut(
                username=e.user.get_username(),
                is_leader=e.is_leader,
                submitted_at=e.submitted_at,
                total=e.total,
            )
            for e in (group.evaluators.all() if group else [])
        ],
        mean_total=result.total if result and result.experts else None,
        failed_vetoes=[i.order for i in result.failed_vetoes] if result else [],
        concluded_at=group.concluded_at if group else None,
        passed=group.passed if group else None,
    )


@router.get("/evaluation-items", response=list[FilingEvaluationItemOut])
def evaluation_items(request):
    """The 技术评估评分表 of 004 第四部分 一, in order."""
    return selectors.items()


@router.get("/filings/{fid}/evaluation", response=FilingEvaluationOut)
def evaluation_get(request, fid: DbId):
    return _out(evaluation_reader(request, fid)[0])


@router.post("/filings/{fid}/evaluation/group", response=FilingEvaluationOut)
def evaluation_group(request, fid: DbId, body: FilingGroupIn):
    application = authority_application(request, fid)
    users = get_user_model().objects
    names = list(dict.fromkeys(n.strip() for n in body.experts if n.strip()))
    found = {u.get_username(): u for u in users.filter(username__in=names)}
    missing = [n for n in names if n not in found]
    if missing:
        raise DomainError(
            "evaluation_unknown_user", f"没有这些账号：{'、'.join(missing)}", field="experts"
        )
    leader = None
    if body.leader.strip():
        leader = found.get(body.leader.strip())
        if leader is None:
            raise DomainError("evaluation_leader", "组长应是专家组成员", field="leader")
    services.evaluation_group_name(
        actor=request.user,
        application=application,
        experts=[found[n] for n in names],
        leader=leader,
    )
    return _out(application)


@router.post("/filings/{fid}/evaluation/sheet", response=FilingEvaluatorOut)
def evaluation_sheet(request, fid: DbId, body: FilingSheetIn):
    """An expert of the group submits a mark for every item (points, or conforms for a veto)."""
    seat = evaluation_seat(request, fid)
    marks = {m.order: m.conforms if m.points is None else m.points for m in body.marks}
    notes = {m.order: m.note for m in body.marks}
    evaluator = services.evaluation_sheet_submit(
        actor=request.user, application=seat.group.application, marks=marks, notes=notes
    )
    return FilingEvaluatorOut(
        username=request.user.get_username(),
        is_leader=evaluator.is_leader,
        submitted_at=evaluator.submitted_at,
        total=evaluator.total,
    )


@router.post("/filings/{fid}/evaluation/conclude", response=FilingEvaluationOut)
def evaluation_conclude(request, fid: DbId):
    application = authority_application(request, fid)
    services.evaluation_conclude(actor=request.user, application=application)
    application.refresh_from_db()
    return _out(application)
