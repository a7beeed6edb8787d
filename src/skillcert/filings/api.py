"""API of filing (INST-01, INST-02): registration, the applicant's draft, scope, attachments,
commitment and submission; the authority's queue, detail and decisions. Thin: the services
check the rules, institutions' guard resolves the institution (404 outsiders, 403 readers)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from skillcert.catalog.selectors import job_type_by_name, occupation_by_code, standard_of
from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.errors import Forbidden
from skillcert.core.rules import rules
from skillcert.core.web import found_or_404
from skillcert.institutions.selectors import scope_row_of
from skillcert.institutions.web import institution_for

from . import sections as sec
from . import selectors, services
from .changes.api import router as changes_router
from .evaluation.api import router as evaluation_router
from .models import FilingApplication as A
from .models import FilingAttachment, FilingScopeItem
from .receipt.api import router as receipt_router
from .web import REGISTER_LIMITED, attachment_response, register_limit

router = Router(tags=["备案 filings"])
# INST-03 evaluation and INST-04/12 receipt hang under the filings router.
router.add_router("", evaluation_router)
router.add_router("", receipt_router)
router.add_router("", changes_router)  # INST-08


class FilingErrorOut(Schema):
    detail: dict


class FilingRegisterIn(Schema):
    username: str = Field(max_length=150, pattern=NO_NUL)
    password: str = Field(max_length=128, pattern=NO_NUL)
    kind: str = Field(
        max_length=10, description="college 院校、employer 企业、social 社会培训评价组织"
    )
    name: str = Field(max_length=100, pattern=NO_NUL)
    credit_code: str = Field(max_length=18, pattern=NO_NUL)
    region_code: str = Field(max_length=6, pattern=NO_NUL)
    short_name: str = Field("", max_length=50, pattern=NO_NUL)
    nature: str = Field("public", max_length=10, description="public 公办 / private 民办")
    supervising_dept: str = Field("", max_length=100, pattern=NO_NUL)
    legal_rep: str = Field(max_length=50, pattern=NO_NUL)
    contact_person: str = Field(max_length=50, pattern=NO_NUL)
    phone: str = Field(max_length=30, pattern=NO_NUL)
    email: str = Field("", max_length=254, pattern=NO_NUL)
    website: str = Field("", max_length=200, pattern=NO_NUL)
    address: str = Field("", max_length=200, pattern=NO_NUL)
    prev_station_code: str = Field("", max_length=30, pattern=NO_NUL)


class FilingRegisterOut(Schema):
    institution_id: int
    username: str


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


class FilingScopeItemOut(Schema):
    id: int
    occupation_code: str
    occupation_name: str
    job_type: str
    evaluation: str
    levels: str
    major: str
    standard: str
    sub_levels: str
    top_titles: str
    swap_out_id: int | None


class FilingAttachmentOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class FilingStepOut(Schema):
    state: str
    decision: str
    reasons: str
    by: str
    at: datetime


class FilingMissingOut(Schema):
    section: str
    message: str
    rule: str


class FilingOut(Schema):
    id: int
    institution_id: int
    institution_name: str
    kind: str
    state: str
    state_label: str
    school_type: str
    receiving_department: str
    submitted_at: datetime | None
    commitment_signed_by: str
    commitment_signed_on: date | None


class FilingDetail(FilingOut):
    sections: dict[str, list[dict]]
    texts: dict[str, str]
    scope: list[FilingScopeItemOut]
    attachments: list[FilingAttachmentOut]
    steps: list[FilingStepOut]
    missing: list[FilingMissingOut]


def _out(a: A) -> FilingOut:
    return FilingOut(
        id=a.pk,
        institution_id=a.institution_id,
        institution_name=a.institution.name,
        kind=a.kind,
        state=a.state,
        state_label=a.get_state_display(),
        school_type=a.school_type,
        receiving_department=a.receiving_department,
        submitted_at=a.submitted_at,
        commitment_signed_by=a.commitment_signed_by,
        commitment_signed_on=a.commitment_signed_on,
    )


def _item(i: FilingScopeItem) -> FilingScopeItemOut:
    return FilingScopeItemOut(
        id=i.pk,
        occupation_code=i.occupation.code,
        occupation_name=i.occupation.name,
        job_type=i.job_type.name if i.job_type_id else "",
        evaluation=i.evaluation,
        levels=i.levels,
        major=i.major,
        standard=i.standard.title if i.standard_id else "",
        sub_levels=i.sub_levels,
        top_titles=i.top_titles,
        swap_out_id=i.swap_out_id,
    )


def _detail(a: A) -> FilingDetail:
    content = a.sections or {}
    shown = {
        s.key: [
            dict(zip([c.key for c in s.columns], cells, strict=True))
            for cells in sec.display_rows(s.key, content.get(s.key, []))
        ]
        for s in sec.SECTIONS
    }
    return FilingDetail(
        **_out(a).dict(),
        sections=shown,
        texts=content.get("texts", {}),
        scope=[
            _item(i) for i in a.scope_items.select_related("occupation", "job_type", "standard")
        ],
        attachments=[FilingAttachmentOut.from_orm(x) for x in a.attachments.all()],
        steps=[
            FilingStepOut(
                state=s.state,
                decision=s.decision,
                reasons=s.reasons,
                by=s.by.get_username(),
                at=s.at,
            )
            for s in a.steps.select_related("by")
        ],
        missing=[FilingMissingOut(**m.__dict__) for m in selectors.missing_items(a)],
    )


def _application(request, iid: int, fid: int, *, manage: bool = False) -> A:
    institution = institution_for(request, iid, manage=manage)
    return found_or_404(selectors.application_of(institution, fid), "未找到该备案申请")


# --- the applicant ---------------------------------------------------------------------------


@router.get("/institutions/{iid}/filings", response=list[FilingOut])
def filing_list(request, iid: DbId):
    institution = institution_for(request, iid)
    return [_out(a) for a in selectors.applications_of(institution).select_related("institution")]


class FilingOpenIn(Schema):
    kind: str = Field(
        A.INITIAL, max_length=12, description="initial 首次备案 / incremental 增量备案"
    )
    school_type: str = Field(
        "", max_length=12, description="院校：technical 技工院校 / vocational 职业院校或普通高校"
    )


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


class FilingSaveIn(Schema):
    sections: dict[str, list[dict[str, str | int | float | None]]] = Field(
        default_factory=dict,
        description="rules, sites, equipment, staff, experts, examiners, supervisors",
    )
    texts: dict[str, str] | None = Field(
        None, description="org_advantage, pro_advantage, it_system"
    )
    school_type: str | None = Field(None, max_length=12)
    identity: dict[str, str] | None = Field(
        None, description="机构信息（备案前可改）：name, short_name, nature, legal_rep, address…"
    )


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


class FilingScopeItemIn(Schema):
    occupation_code: str = Field(max_length=12, pattern=NO_NUL)
    job_type: str = Field("", max_length=100, pattern=NO_NUL)
    evaluation: str = Field(
        FilingScopeItem.SKILL_LEVEL, max_length=8, description="level / special"
    )
    levels: str = Field("", max_length=20, pattern=NO_NUL)
    major: str = Field("", max_length=100, pattern=NO_NUL)
    standard_id: DbId | None = None
    sub_levels: str = Field("", max_length=100, pattern=NO_NUL)
    top_titles: str = Field("", max_length=20, pattern=NO_NUL)
    swap_out_id: DbId | None = None


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


class FilingCommitmentIn(Schema):
    signed_by: str = Field(max_length=50, pattern=NO_NUL)


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


# --- the authority ---------------------------------------------------------------------------


def _authority(request, state: str = ""):
    found = selectors.authority_applications(request.user, state=state)
    if found is None:
        raise Forbidden("仅申请机构的负责人或考务人员可以下载申请材料")
    return found


@router.get("/authority/filings", response=list[FilingOut])
def authority_filings(request, state: str = ""):
    """The region's applications (drafts excluded), optionally of one state."""
    return [_out(a) for a in _authority(request, state if state in dict(A.STATES) else "")[:500]]


def _authority_application(request, fid: int) -> A:
    _authority(request)
    return found_or_404(selectors.authority_application(request.user, fid), "未找到该备案申请")


@router.get("/authority/filings/{fid}", response=FilingDetail)
def authority_filing(request, fid: DbId):
    return _detail(_authority_application(request, fid))


class FilingDecisionIn(Schema):
    step: str = Field(max_length=12, description="submitted 初审 / confirmation 确认：办理时的环节")
    decision: str = Field(max_length=8, description="pass 通过 / return 退回")
    reasons: str = Field("", max_length=2000, pattern=NO_NUL)


@router.post("/authority/filings/{fid}/decide", response=FilingDetail)
def authority_decide(request, fid: DbId, body: FilingDecisionIn):
    """Preliminary review (by the receiving department) or confirmation: pass or return."""
    application = _authority_application(request, fid)
    application = services.authority_decide(
        actor=request.user,
        application=application,
        step=body.step,
        decision=body.decision,
        reasons=body.reasons,
    )
    return _detail(application)


@router.get("/authority/filings/{fid}/attachments/{aid}")
def authority_attachment(request, fid: DbId, aid: DbId):
    application = _authority_application(request, fid)
    return attachment_response(
        found_or_404(selectors.attachment_of(application, aid), "未找到该材料")
    )
