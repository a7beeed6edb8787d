"""The applicant's side of the filing API (INST-01, INST-02): registration, draft, scope,
attachments, commitment and submission."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja import File, Form, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from skillcert.catalog.selectors import job_type_by_name, occupation_by_code, standard_of
from skillcert.core.api_types import DbId
from skillcert.core.errors import Forbidden
from skillcert.core.rules import rules
from skillcert.core.web import found_or_404
from skillcert.institutions.selectors import scope_row_of
from skillcert.institutions.web import institution_for

from .. import selectors, services
from ..models import FilingApplication as A
from ..models import FilingAttachment
from ..web import REGISTER_LIMITED, attachment_response, register_limit
from .schemas import (
    FilingAttachmentOut,
    FilingCommitmentIn,
    FilingDetail,
    FilingErrorOut,
    FilingOpenIn,
    FilingOut,
    FilingRegisterIn,
    FilingRegisterOut,
    FilingSaveIn,
    FilingScopeItemIn,
    FilingScopeItemOut,
    _detail,
    _item,
    _out,
)

router = Router()


@router.post(
    "/filings/register",
    auth=None,
    response={201: FilingRegisterOut, 429: FilingErrorOut},
)
def filing_register(request, body: FilingRegisterIn):
    """INST-01, public: an account and the institution's record; the caller is its director."""
    if register_limit().hit(request):
        return Status(429, {"detail": {"code": "rate_limited", "message": REGISTER_LIMITED}})
    data = body.dict()
    if data.get("email"):
        try:
            validate_email(data["email"])
        except ValidationError:
            raise HttpError(400, "邮箱格式不正确") from None
    user, institution = services.institution_register(**data)
    return Status(201, FilingRegisterOut(institution_id=institution.pk, username=user.username))


def _application(request, iid: int, fid: int, *, manage: bool = False) -> A:
    institution = institution_for(request, iid, manage=manage)
    return found_or_404(selectors.application_of(institution, fid), "未找到该备案申请")


# --- the applicant ---------------------------------------------------------------------------


@router.get("/institutions/{iid}/filings", response=list[FilingOut])
def filing_list(request, iid: DbId):
    institution = institution_for(request, iid)
    return [_out(a) for a in selectors.applications_of(institution).select_related("institution")]


@router.post("/institutions/{iid}/filings", response={201: FilingDetail})
def filing_open(request, iid: DbId, body: FilingOpenIn):
    institution = institution_for(request, iid, manage=True)
    application = services.application_open(
        actor=request.user, institution=institution, kind=body.kind, school_type=body.school_type
    )
    return Status(201, _detail(application))


@router.get("/institutions/{iid}/filings/{fid}", response=FilingDetail)
def filing_detail(request, iid: DbId, fid: DbId):
    return _detail(_application(request, iid, fid))


@router.put("/institutions/{iid}/filings/{fid}", response=FilingDetail)
def filing_save(request, iid: DbId, fid: DbId, body: FilingSaveIn):
    """Save the draft: each section sent replaces that section (rows checked one by one)."""
    application = _application(request, iid, fid, manage=True)
    application = services.application_save(
        actor=request.user,
        application=application,
        sections=body.sections,
        texts=body.texts,
        school_type=body.school_type,
        identity=body.identity,
    )
    return _detail(application)


@router.post("/institutions/{iid}/filings/{fid}/scope", response={201: FilingScopeItemOut})
def filing_scope_add(request, iid: DbId, fid: DbId, body: FilingScopeItemIn):
    application = _application(request, iid, fid, manage=True)
    occupation = found_or_404(occupation_by_code(body.occupation_code, rank=None), "未找到该职业")
    job_type = None
    if body.job_type:
        job_type = found_or_404(
            job_type_by_name(occupation, body.job_type),
            "未找到该工种",
        )
    standard = selectors.default_standard(occupation, job_type)
    if body.standard_id is not None:
        standard = found_or_404(
            standard_of(occupation, standard_id=body.standard_id),
            "未找到该职业的标准或规范",
        )
    swap_out = None
    if body.swap_out_id is not None:
        swap_out = found_or_404(
            scope_row_of(application.institution, body.swap_out_id),
            "未找到该已备案职业",
        )
    item = services.scope_item_add(
        actor=request.user,
        application=application,
        occupation=occupation,
        job_type=job_type,
        evaluation=body.evaluation,
        levels=body.levels,
        major=body.major,
        standard=standard,
        sub_levels=body.sub_levels,
        top_titles=body.top_titles,
        swap_out=swap_out,
    )
    return Status(201, _item(item))


@router.delete("/institutions/{iid}/filings/{fid}/scope/{sid}", response={204: None})
def filing_scope_remove(request, iid: DbId, fid: DbId, sid: DbId):
    application = _application(request, iid, fid, manage=True)
    item = found_or_404(selectors.scope_item_of(application, sid), "未找到该申报职业")
    services.scope_item_remove(actor=request.user, item=item)
    return Status(204, None)


@router.post("/institutions/{iid}/filings/{fid}/attachments", response={201: FilingAttachmentOut})
def filing_attachment_add(
    request,
    iid: DbId,
    fid: DbId,
    file: File[UploadedFile],
    kind: Form[str] = FilingAttachment.EVIDENCE,
):
    """An attachment (PDF or JPEG/PNG, checked by content and size)."""
    application = _application(request, iid, fid, manage=True)
    if file.size > (rules().filing_attachment_max_mb * 1024 * 1024):
        raise HttpError(413, f"单个材料不能超过{rules().filing_attachment_max_mb}MB")
    attachment = services.attachment_add(
        actor=request.user,
        application=application,
        kind=kind,
        name=file.name or "材料",
        data=file.read(),
    )
    return Status(201, FilingAttachmentOut.from_orm(attachment))


@router.get("/institutions/{iid}/filings/{fid}/attachments/{aid}")
def filing_attachment(request, iid: DbId, fid: DbId, aid: DbId):
    """The applicant's managers download (authority staff: /authority/filings/…)."""
    application = _application(request, iid, fid)
    if not selectors.may_manage(request.user, application):
        raise Forbidden("仅申请机构的负责人或考务人员可以下载申请材料")
    return attachment_response(
        found_or_404(selectors.attachment_of(application, aid), "未找到该材料")
    )


@router.delete("/institutions/{iid}/filings/{fid}/attachments/{aid}", response={204: None})
def filing_attachment_remove(request, iid: DbId, fid: DbId, aid: DbId):
    application = _application(request, iid, fid, manage=True)
    attachment = found_or_404(selectors.attachment_of(application, aid), "未找到该材料")
    services.attachment_remove(actor=request.user, attachment=attachment)
    return Status(204, None)


@router.post("/institutions/{iid}/filings/{fid}/commitment", response=FilingOut)
def filing_commitment(request, iid: DbId, fid: DbId, body: FilingCommitmentIn):
    """INST-15: the legal representative signs the 承诺书."""
    application = _application(request, iid, fid, manage=True)
    return _out(
        services.commitment_sign(
            actor=request.user, application=application, signed_by=body.signed_by
        )
    )


@router.post("/institutions/{iid}/filings/{fid}/submit", response=FilingDetail)
def filing_submit(request, iid: DbId, fid: DbId):
    """Submit (or resubmit after a return) once nothing is missing and the rules hold."""
    application = _application(request, iid, fid, manage=True)
    return _detail(services.application_submit(actor=request.user, application=application))
