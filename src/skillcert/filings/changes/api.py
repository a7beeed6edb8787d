"""API of INST-08 change applications: the institution submits (multipart, with its documents)
and follows them; the authority lists, approves or rejects. Thin: guards and services."""

from datetime import datetime
from typing import Annotated

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.errors import NotFound
from skillcert.core.web import found_or_404
from skillcert.core.xlsx import xlsx_response
from skillcert.institutions.web import institution_for

from . import selectors, services
from .report import quarter_workbook

router = Router()

# INST-08 documents (PDF or image), each its own optional multipart file
ID_COPY = File(None, description="新任法定代表人身份证复印件（法定代表人变更）")
APPOINTMENT = File(None, description="任命文件（企业、院校变更法定代表人）")
BASIS = File(None, description="变更依据文件（名称、地址变更）")


class ChangeOut(Schema):
    id: int
    institution_id: int
    kind: str
    old_value: str
    new_value: str
    reason: str
    state: str
    submitted_at: datetime
    decision_note: str
    documents: list[str]


class ChangeSubmitIn(Schema):
    kind: str = Field(max_length=10, description="legal_rep 法定代表人、name 名称、address 地址")
    new_value: str = Field(max_length=200, pattern=NO_NUL)
    reason: str = Field(max_length=2000, pattern=NO_NUL)


class ChangeDecisionIn(Schema):
    note: str = Field("", max_length=2000, pattern=NO_NUL)


def _out(c) -> ChangeOut:
    return ChangeOut(
        id=c.pk,
        institution_id=c.institution_id,
        kind=c.kind,
        old_value=c.old_value,
        new_value=c.new_value,
        reason=c.reason,
        state=c.state,
        submitted_at=c.submitted_at,
        decision_note=c.decision_note,
        documents=[d.kind for d in c.documents.all()],
    )


@router.get("/i/{iid}/record-changes", response=list[ChangeOut])
def record_changes(request, iid: DbId):
    return [_out(c) for c in selectors.changes_of(institution_for(request, iid))]


@router.post("/i/{iid}/record-changes", response={201: ChangeOut})
def record_change_submit(
    request,
    iid: DbId,
    body: Form[ChangeSubmitIn],
    id_copy: UploadedFile | None = ID_COPY,
    appointment: UploadedFile | None = APPOINTMENT,
    basis: UploadedFile | None = BASIS,
):
    """INST-08: a change application with its reason and documents (PDF or image)."""
    institution = institution_for(request, iid, manage=True)
    uploads = {"id_copy": id_copy, "appointment": appointment, "basis": basis}
    documents = {k: (u.name, u.read()) for k, u in uploads.items() if u is not None}
    change = services.change_submit(
        actor=request.user, institution=institution, documents=documents, **body.dict()
    )
    return Status(201, _out(change))


@router.get("/i/{iid}/record-changes/{change_id}", response=ChangeOut)
def record_change(request, iid: DbId, change_id: DbId):
    institution = institution_for(request, iid)
    return _out(found_or_404(selectors.change_of(institution, change_id), "未找到该变更申请"))


def _authority_change(request, change_id):
    if selectors.authority_changes(request.user) is None:
        raise NotFound("未找到")
    return found_or_404(selectors.authority_change(request.user, change_id), "未找到该变更申请")


@router.get("/authority/changes", response=list[ChangeOut])
def authority_changes(request):
    found = selectors.authority_changes(request.user)
    if found is None:
        raise NotFound("未找到")
    return [_out(c) for c in found]


@router.post("/authority/changes/{change_id}/approve", response=ChangeOut)
def authority_change_approve(request, change_id: DbId, body: ChangeDecisionIn):
    """INST-08: the record changes only now (institutions' audited service)."""
    change = services.change_approve(
        actor=request.user, application=_authority_change(request, change_id), note=body.note
    )
    return _out(change)


@router.post("/authority/changes/{change_id}/reject", response=ChangeOut)
def authority_change_reject(request, change_id: DbId, body: ChangeDecisionIn):
    change = services.change_reject(
        actor=request.user, application=_authority_change(request, change_id), note=body.note
    )
    return _out(change)


@router.get("/authority/changes/report")
def authority_changes_report(
    request,
    year: Annotated[int, Field(ge=2000, le=2100)],
    quarter: Annotated[int, Field(ge=1, le=4)],
):
    """INST-08: the quarter's approved changes (.xlsx) the authority reports."""
    found = selectors.authority_changes(request.user)
    if found is None:
        raise NotFound("未找到")
    start, end = services.quarter_bounds(year, quarter)
    title = f"{year}年第{quarter}季度评价机构变更情况"
    rows = selectors.quarter_changes(found, start, end)
    return xlsx_response(quarter_workbook(rows, title=title), f"{title}.xlsx")
