"""JSON API of the supervision report (REC-06): read by the institution, written and signed
only by the sitting's three supervisors (others: 403)."""

from datetime import date, datetime

from ninja import Field, Router, Schema

from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.errors import Forbidden
from skillcert.core.web import found_or_404
from skillcert.institutions.guards import institution_api
from skillcert.plans.web import sitting_get

from ..models.supervision_report import SupervisionReport
from ..texts import TEXT_MAX
from . import selectors, services
from .checklist import NOTE_MAX

router = Router(tags=["质量督导报告 supervision report"])


class CheckAnswer(Schema):
    ok: bool
    note: str = Field("", max_length=NOTE_MAX, pattern=NO_NUL)


class SignatureOut(Schema):
    person_id: int
    name: str
    signed_at: datetime


class ReportOut(Schema):
    sitting_id: int
    plan: str
    checklist: dict[str, CheckAnswer]
    findings: str
    status: str
    due_on: date
    late: bool
    signed_at: datetime | None
    signatures: list[SignatureOut]


class ReportIn(Schema):
    plan: str = Field(max_length=TEXT_MAX, pattern=NO_NUL)
    checklist: dict[str, CheckAnswer] = Field(max_length=100)
    findings: str = Field(max_length=TEXT_MAX, pattern=NO_NUL)


def _out(r: SupervisionReport) -> ReportOut:
    return ReportOut(
        sitting_id=r.sitting_id,
        plan=r.plan,
        checklist=r.checklist,
        findings=r.findings,
        status=r.status,
        due_on=r.due_on,
        late=r.late,
        signed_at=r.signed_at,
        signatures=[
            SignatureOut(person_id=s.person_id, name=s.person.name, signed_at=s.signed_at)
            for s in r.signatures.all()
        ],
    )


def _group(request, sitting):
    if services.member_of_group(request.user, sitting) is None:
        raise Forbidden("仅本批次督导组成员可以填写和签署督导报告")


def _report(sitting) -> SupervisionReport:
    return found_or_404(selectors.report_of(sitting=sitting), "督导报告尚未填写")


@router.get("/institutions/{iid}/sittings/{sid}/supervision-report", response=ReportOut)
def report_read(request, iid: DbId, sid: DbId):
    institution = institution_api(request, iid)
    return _out(_report(sitting_get(institution, sid)))


@router.put("/institutions/{iid}/sittings/{sid}/supervision-report", response=ReportOut)
def report_save(request, iid: DbId, sid: DbId, payload: ReportIn):
    """REC-06: write the report (plan, checklist of 002, findings) before anyone signs."""
    institution = institution_api(request, iid)
    sitting = sitting_get(institution, sid)
    _group(request, sitting)
    services.supervision_report_save(
        actor=request.user,
        institution=institution,
        sitting=sitting,
        plan=payload.plan,
        checklist={k: v.dict() for k, v in payload.checklist.items()},
        findings=payload.findings,
    )
    return _out(_report(sitting))


@router.post("/institutions/{iid}/sittings/{sid}/supervision-report/signatures", response=ReportOut)
def report_sign(request, iid: DbId, sid: DbId):
    """REC-06: the caller signs (a group member, once); the third signature completes it."""
    institution = institution_api(request, iid)
    sitting = sitting_get(institution, sid)
    _group(request, sitting)
    services.supervision_report_sign(actor=request.user, report=_report(sitting))
    return _out(_report(sitting))
