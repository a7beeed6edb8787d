"""JSON API of roster imports: upload, progress, the error workbook, the template."""

from datetime import datetime

from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from skillcert.core.api_types import DbId
from skillcert.core.xlsx import xlsx_response
from skillcert.institutions.guards import institution_api

from ..models import RosterImport
from ..web import roster_import_get, sitting_get
from .services import roster_errors_xlsx, roster_import_create, roster_template_xlsx

router = Router(tags=["认定批次 sittings"])


class RowErrorOut(Schema):
    row: int | None
    column: str
    value: str
    reason: str
    rule: str


class ImportOut(Schema):
    id: int
    sitting_id: int
    filename: str
    status: str
    status_label: str
    total_rows: int
    processed_rows: int
    ok_rows: int
    error_rows: int
    percent: int
    errors: list[RowErrorOut]
    created_at: datetime
    finished_at: datetime | None


def _import_out(imp: RosterImport) -> ImportOut:
    return ImportOut(
        id=imp.pk,
        sitting_id=imp.sitting_id,
        filename=imp.filename,
        status=imp.status,
        status_label=imp.get_status_display(),
        total_rows=imp.total_rows,
        processed_rows=imp.processed_rows,
        ok_rows=imp.ok_rows,
        error_rows=imp.error_rows,
        percent=imp.percent,
        errors=imp.errors,
        created_at=imp.created_at,
        finished_at=imp.finished_at,
    )


@router.post("/institutions/{iid}/sittings/{sid}/roster", response={201: ImportOut, 202: ImportOut})
def roster_upload(request, iid: DbId, sid: DbId, file: File[UploadedFile]):
    """Upload a roster .xlsx: 201 when checked at once, 202 when queued (poll the import)."""
    sitting = sitting_get(institution_api(request, iid, manage=True), sid)
    imp = roster_import_create(actor=request.user, sitting=sitting, uploaded_file=file)
    return Status(202 if imp.status == RosterImport.QUEUED else 201, _import_out(imp))


@router.get("/institutions/{iid}/roster-imports/{import_id}", response=ImportOut)
def roster_import_status(request, iid: DbId, import_id: DbId):
    return _import_out(roster_import_get(institution_api(request, iid), import_id))


@router.get("/institutions/{iid}/roster-imports/{import_id}/errors.xlsx")
def roster_import_errors(request, iid: DbId, import_id: DbId):
    """The bad rows with 错误原因, to fix and upload again (clear IDs: managers only)."""
    imp = roster_import_get(institution_api(request, iid, manage=True), import_id)
    return xlsx_response(roster_errors_xlsx(imp), f"roster-errors-{imp.pk}.xlsx")


@router.get("/institutions/{iid}/roster-template.xlsx")
def roster_template(request, iid: DbId):
    institution_api(request, iid)
    return xlsx_response(roster_template_xlsx(), "roster-template.xlsx")
