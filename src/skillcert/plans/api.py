"""JSON API of sittings and roster imports; thin: tenancy, permission, then a service."""

from datetime import date, datetime

from django.http import HttpResponse
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from skillcert.catalog.models import LEVEL_LABELS, JobType
from skillcert.catalog.selectors import occupation_required
from skillcert.core.api_types import DbId
from skillcert.core.errors import DomainError
from skillcert.core.web import download
from skillcert.institutions.selectors import can_manage, institution_get_for_user

from .models import RosterImport, Sitting
from .roster import roster_errors_xlsx, roster_import_create, roster_template_xlsx
from .selectors import roster_import_get, sitting_get
from .services import sitting_create

router = Router(tags=["认定批次 sittings"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SittingIn(Schema):
    name: str
    occupation_code: str
    job_type: str | None = None
    level: int
    mode: str
    theory_on: date | None = None
    practical_on: date | None = None


class SittingOut(Schema):
    id: int
    name: str
    occupation_code: str
    occupation_name: str
    job_type: str | None
    level: int
    level_label: str
    mode: str
    mode_label: str
    theory_on: date | None
    practical_on: date | None
    status: str


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


def _sitting_out(s: Sitting) -> SittingOut:
    return SittingOut(
        id=s.pk,
        name=s.name,
        occupation_code=s.occupation.code,
        occupation_name=s.occupation.name,
        job_type=s.job_type.name if s.job_type_id else None,
        level=s.level,
        level_label=LEVEL_LABELS[s.level],
        mode=s.mode,
        mode_label=s.get_mode_display(),
        theory_on=s.theory_on,
        practical_on=s.practical_on,
        status=s.status,
    )


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


def _managed(request, iid: int):
    """The institution, if the caller may change its data (404 outsiders, 403 readers)."""
    institution = institution_get_for_user(request.user, iid)
    if not can_manage(request.user, institution):
        raise HttpError(403, "无权操作：需要机构负责人或考务人员角色")
    return institution


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    return download(content, XLSX, filename)


@router.get("/institutions/{iid}/sittings", response=list[SittingOut])
def sittings_list(request, iid: DbId):
    institution = institution_get_for_user(request.user, iid)
    qs = Sitting.objects.filter(institution=institution).select_related("occupation", "job_type")
    return [_sitting_out(s) for s in qs]


@router.post("/institutions/{iid}/sittings", response={201: SittingOut})
def sittings_create(request, iid: DbId, payload: SittingIn):
    """A sitting inside the filed scope (PLAN-07); a broken rule answers 400 with its ID."""
    institution = _managed(request, iid)
    occupation = occupation_required(payload.occupation_code, field="occupation_code")
    job_type = None
    if payload.job_type:
        job_type = JobType.objects.filter(
            occupation=occupation, name=payload.job_type.strip()
        ).first()
        if job_type is None:
            raise DomainError(
                "job_type_unknown",
                f"{occupation.name}没有工种/职业方向“{payload.job_type}”",
                field="job_type",
                rule="CAT-02",
            )
    sitting = sitting_create(
        actor=request.user,
        institution=institution,
        name=payload.name,
        occupation=occupation,
        job_type=job_type,
        level=payload.level,
        mode=payload.mode,
        theory_on=payload.theory_on,
        practical_on=payload.practical_on,
    )
    return Status(201, _sitting_out(sitting))


@router.post("/institutions/{iid}/sittings/{sid}/roster", response={201: ImportOut, 202: ImportOut})
def roster_upload(request, iid: DbId, sid: DbId, file: File[UploadedFile]):
    """Upload a roster .xlsx: 201 when checked at once, 202 when queued (poll the import)."""
    sitting = sitting_get(_managed(request, iid), sid)
    imp = roster_import_create(actor=request.user, sitting=sitting, uploaded_file=file)
    return Status(202 if imp.status == RosterImport.QUEUED else 201, _import_out(imp))


@router.get("/institutions/{iid}/roster-imports/{import_id}", response=ImportOut)
def roster_import_status(request, iid: DbId, import_id: DbId):
    return _import_out(roster_import_get(institution_get_for_user(request.user, iid), import_id))


@router.get("/institutions/{iid}/roster-imports/{import_id}/errors.xlsx")
def roster_import_errors(request, iid: DbId, import_id: DbId):
    """The bad rows with 错误原因, to fix and upload again (clear IDs: managers only)."""
    imp = roster_import_get(_managed(request, iid), import_id)
    return _xlsx(roster_errors_xlsx(imp), f"roster-errors-{imp.pk}.xlsx")


@router.get("/institutions/{iid}/roster-template.xlsx")
def roster_template(request, iid: DbId):
    institution_get_for_user(request.user, iid)
    return _xlsx(roster_template_xlsx(), "roster-template.xlsx")
