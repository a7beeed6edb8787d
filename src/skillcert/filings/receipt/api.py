"""JSON API of the receipt step (INST-04, INST-12): number, publication, the scope list and
the documents. Authority staff of the institution's region; anyone else 404."""

from datetime import date

from django.utils import timezone
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from skillcert.core.api_types import DbId
from skillcert.core.errors import DomainError
from skillcert.core.web import download
from skillcert.core.xlsx import xlsx_response

from ..guards import authority_application, authority_staff
from . import documents, selectors, services

router = Router(tags=["备案 filings"])
MAX_SHEET = 5 * 1024 * 1024


class ReceiptScopeLineOut(Schema):
    code: str
    occupation: str
    job_type: str
    levels: str
    standard: str


class ReceiptOut(Schema):
    application_id: int
    state: str
    filing_number: str
    scope: list[ReceiptScopeLineOut]


class FilingPublishIn(Schema):
    filed_on: date


def _out(application) -> ReceiptOut:
    return ReceiptOut(
        application_id=application.pk,
        state=application.state,
        filing_number=services.number_of(application),
        scope=[ReceiptScopeLineOut(**vars(x)) for x in documents.scope_lines(application)],
    )


@router.get("/filings/{fid}/receipt", response=ReceiptOut)
def receipt_get(request, fid: DbId):
    return _out(authority_application(request, fid))


@router.post("/filings/{fid}/receipt/number", response=ReceiptOut)
def receipt_number(request, fid: DbId):
    """INST-04: assign the filing number (the next free sequence of the city)."""
    application = authority_application(request, fid)
    return _out(services.filing_number_assign(actor=request.user, application=application))


@router.post("/filings/{fid}/receipt/publish", response=ReceiptOut)
def receipt_publish(request, fid: DbId, body: FilingPublishIn):
    """RECEIPT -> PUBLISHED: the institution is filed and its scope rows published."""
    application = authority_application(request, fid)
    return _out(
        services.filing_publish(actor=request.user, application=application, filed_on=body.filed_on)
    )


@router.post("/filings/{fid}/scope/import", response=ReceiptOut)
def scope_import(request, fid: DbId, file: File[UploadedFile]):
    """Replace the application's scope with an uploaded 认定范围清单 (.xlsx, authority layout)."""
    application = authority_application(request, fid)
    if file.size > MAX_SHEET:
        raise DomainError("scope_sheet_size", "清单文件不能超过5MB", field="file")
    services.scope_sheet_import(actor=request.user, application=application, data=file.read())
    return _out(application)


@router.get("/filings/{fid}/scope.xlsx")
def scope_export(request, fid: DbId):
    application = authority_application(request, fid)
    content = documents.scope_xlsx(application, on=timezone.localdate())
    return xlsx_response(content, f"scope-{application.pk}.xlsx")


@router.get("/filings/{fid}/receipt.docx")
def receipt_docx(request, fid: DbId):
    application = authority_application(request, fid)
    content = documents.receipt_docx(application, on=timezone.localdate())
    return download(content, documents.DOCX_CONTENT_TYPE, f"receipt-{application.pk}.docx")


@router.get("/filings/{fid}/receipt.pdf")
def receipt_pdf(request, fid: DbId):
    application = authority_application(request, fid)
    content = documents.receipt_pdf(application, on=timezone.localdate())
    return download(content, "application/pdf", f"receipt-{application.pk}.pdf")


@router.get("/authority/summary.xlsx")
def summary(request):
    """INST-12: the 汇总表 of the caller's region (authority staff only)."""
    authority_staff(request)
    content = documents.summary_xlsx(selectors.filed_in_region(user=request.user))
    return xlsx_response(content, "summary.xlsx")
