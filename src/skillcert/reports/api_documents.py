"""API of the institution's documents sent upward (REC-08, CERT-08): the same files and the
same 报送 as the documents page. Members read; the 花名册 (full ID numbers) and sending are
for managers; other institutions' data is 404 (institution_api)."""

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from ninja import Router, Schema

from skillcert.core.api_types import DbId
from skillcert.core.errors import NotFound
from skillcert.core.replica import replica_reads
from skillcert.core.web import download
from skillcert.core.xlsx import XLSX_CONTENT_TYPE, xlsx_response
from skillcert.institutions.guards import institution_api

from . import services
from .deadlines import yearly_due
from .documents import application, notice, periodic, summary, yearly
from .documents.sending import deliveries_of
from .documents.sittings import sitting_of, sittings_of
from .documents.word import DOCX_CONTENT_TYPE

router = Router(tags=["统计报告 reports"])
# The year and quarter are query parameters, not path segments: they name no record (a bad
# one is a 400 with the rule's message, where a path id that is not there is a 404).


class DeliveryOut(Schema):
    id: int
    kind: str
    kind_label: str
    period_start: date
    period_end: date
    sitting_id: int | None
    sha256: str
    sent_at: datetime


class SittingDocsOut(Schema):
    id: int
    name: str
    subject: str
    theory_on: date | None
    practical_on: date | None


class ReportsOut(Schema):
    yearly_due: date
    sittings: list[SittingDocsOut]
    deliveries: list[DeliveryOut]


class RosterLineOut(Schema):
    n: int
    name: str
    sex: str
    id_type: str
    id_number: str
    subject: str
    level: str
    condition: str
    unit: str
    phone: str


class SendIn(Schema):
    kind: Literal["yearly", "periodic", "summary", "application"]
    year: int | None = None
    quarter: int | None = None
    sitting_id: DbId | None = None


def _delivery(d) -> DeliveryOut:
    return DeliveryOut(
        id=d.pk,
        kind=d.kind,
        kind_label=d.get_kind_display(),
        period_start=d.period_start,
        period_end=d.period_end,
        sitting_id=d.sitting_id,
        sha256=d.sha256,
        sent_at=d.sent_at,
    )


def _sitting(request, iid, sid, *, manage=False):
    institution = institution_api(request, iid, manage=manage)
    sitting = sitting_of(institution=institution, sitting_id=sid)
    if sitting is None:
        raise NotFound("未找到该批次")
    return sitting


@router.get("/i/{iid}/reports", response=ReportsOut)
def reports_list(request, iid: DbId):
    institution = institution_api(request, iid)
    return ReportsOut(
        yearly_due=yearly_due(timezone.localdate().year - 1),
        sittings=[
            SittingDocsOut(
                id=s.pk,
                name=s.name,
                subject=s.subject_label,
                theory_on=s.theory_on,
                practical_on=s.practical_on,
            )
            for s in sittings_of(institution)
        ],
        deliveries=[_delivery(d) for d in deliveries_of(institution)],
    )


@router.post("/i/{iid}/reports/deliveries", response=DeliveryOut)
def reports_send(request, iid: DbId, body: SendIn):
    """报送 (REC-08): today's .xlsx of the report recorded as sent, with its SHA-256."""
    institution = institution_api(request, iid, manage=True)
    sitting = None
    if body.sitting_id is not None:
        sitting = sitting_of(institution=institution, sitting_id=body.sitting_id)
        if sitting is None:
            raise NotFound("未找到该批次")
    delivery = services.report_send(
        actor=request.user,
        institution=institution,
        kind=body.kind,
        year=body.year,
        quarter=body.quarter,
        sitting=sitting,
    )
    return _delivery(delivery)


@router.get("/i/{iid}/reports/yearly.xlsx")
@replica_reads
def yearly_xlsx(request, iid: DbId, year: int):
    institution = institution_api(request, iid)
    content = yearly.yearly_xlsx(institution, year, on=timezone.localdate())
    return xlsx_response(content, f"yearly-{year}.xlsx")


@router.get("/i/{iid}/reports/yearly.docx")
@replica_reads
def yearly_docx(request, iid: DbId, year: int):
    institution = institution_api(request, iid)
    content = yearly.yearly_docx(institution, year, on=timezone.localdate())
    return download(content, DOCX_CONTENT_TYPE, f"yearly-{year}.docx")


@router.get("/i/{iid}/reports/periodic.xlsx")
@replica_reads
def periodic_xlsx(request, iid: DbId, year: int, quarter: int):
    institution = institution_api(request, iid)
    content = periodic.periodic_xlsx(institution, year, quarter, on=timezone.localdate())
    return xlsx_response(content, f"periodic-{year}-q{quarter}.xlsx")


@router.get("/i/{iid}/reports/sittings/{sid}/application.xlsx")
def application_xlsx(request, iid: DbId, sid: DbId):
    """Managers only: full ID numbers (documents/application.py); the download is audited."""
    sitting = _sitting(request, iid, sid, manage=True)
    content = application.application_xlsx(sitting, on=timezone.localdate())
    services.roster_downloaded(actor=request.user, sitting=sitting)
    return download(content, XLSX_CONTENT_TYPE, f"application-{sitting.pk}.xlsx")


@router.get("/i/{iid}/reports/sittings/{sid}/roster", response=list[RosterLineOut])
def roster(request, iid: DbId, sid: DbId):
    """The 花名册 with masked ID numbers, for any member (the .xlsx is for managers)."""
    sitting = _sitting(request, iid, sid)
    return [RosterLineOut(**vars(x)) for x in application.roster_lines(sitting, full=False)]


@router.get("/i/{iid}/reports/sittings/{sid}/notice.docx")
def notice_docx(request, iid: DbId, sid: DbId):
    sitting = _sitting(request, iid, sid)
    content = notice.notice_docx(sitting, on=timezone.localdate())
    return download(content, DOCX_CONTENT_TYPE, f"notice-{sitting.pk}.docx")


@router.get("/i/{iid}/reports/sittings/{sid}/summary.xlsx")
@replica_reads
def summary_xlsx(request, iid: DbId, sid: DbId):
    sitting = _sitting(request, iid, sid)
    return xlsx_response(
        summary.summary_xlsx(sitting, on=timezone.localdate()), f"summary-{sitting.pk}.xlsx"
    )


@router.get("/i/{iid}/reports/sittings/{sid}/summary.docx")
@replica_reads
def summary_docx(request, iid: DbId, sid: DbId):
    sitting = _sitting(request, iid, sid)
    content = summary.summary_docx(sitting, on=timezone.localdate())
    return download(content, DOCX_CONTENT_TYPE, f"summary-{sitting.pk}.docx")
