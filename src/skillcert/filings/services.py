"""Writes of a filing application (备案申请): registration, draft, scope, attachments,
commitment, submission and the authority's preliminary review and confirmation.

Every state move goes through `flow.application_move` (INST-02); the checks of a submission
(what is missing, the scope rules CAT-02/03 and LEVEL-02..04, and for an incremental filing
INST-05..07) are made here first, each refusal naming its rule.
"""

from __future__ import annotations

import hashlib
from fractions import Fraction

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from skillcert.catalog.models import JobType, Occupation, Standard
from skillcert.core import crypto
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.images import image_open
from skillcert.core.passwords import user_create
from skillcert.core.rules import rules
from skillcert.institutions import services as inst
from skillcert.institutions.models import Institution, Membership, ScopeRow
from skillcert.institutions.selectors import with_valid_filing
from skillcert.itembank.models import Item
from skillcert.plans.models import Sitting

from . import sections as sec
from .flow import application_move
from .models import FilingApplication as A
from .models import FilingAttachment, FilingScopeItem, FilingStep
from .selectors import missing_items, new_occupation_ids


def _editable(application: A) -> A:
    application = A.objects.select_for_update().get(pk=application.pk)
    if not application.editable:
        raise DomainError(
            "filing_locked",
            f"申请处于“{application.get_state_display()}”环节，不能修改；退回后方可修改",
            rule="INST-02",
        )
    return application


# --- registration (INST-01) --------------------------------------------------------------------


@transaction.atomic
def institution_register(
    *,
    username: str,
    password: str,
    kind: str,
    name: str,
    credit_code: str,
    region_code: str,
    **details: str,
):
    """INST-01: a person opens an account and the institution's record, and becomes its
    director. A credit code already on file is refused (someone else's institution is never
    joined this way: that is its director's invitation)."""
    unknown = set(details) - set(inst.DETAILS)
    if unknown:
        raise DomainError("register_field", f"未知字段：{'、'.join(sorted(unknown))}")
    if details.get("nature", "public") not in dict(Institution.NATURES):
        raise DomainError("institution_nature", "学校/机构性质应为公办或民办", field="nature")
    for field in ("legal_rep", "contact_person", "phone"):
        if not str(details.get(field) or "").strip():
            label = Institution._meta.get_field(field).verbose_name
            raise DomainError("register_missing", f"{label}不能为空", field=field, rule="INST-01")
    try:
        institution = inst.institution_create(
            actor=None,
            kind=kind,
            name=name,
            credit_code=credit_code,
            region_code=region_code,
            **{k: str(v).strip() for k, v in details.items()},
        )
    except DomainError as exc:
        if exc.code == "credit_duplicate":
            raise DomainError(
                "credit_duplicate",
                "该统一社会信用代码的机构已在系统中登记，不能重复注册；"
                "如您是该机构工作人员，请联系机构负责人为您开通账号",
                field="credit_code",
                rule="INST-01",
            ) from None
        raise
    user = user_create(username=username, password=password)
    inst.membership_add(institution=institution, user=user, role=Membership.DIRECTOR)
    audit_record(
        actor=user,
        action="institution.register",
        obj=institution,
        after={"name": institution.name, "credit_code": institution.credit_code, "user": user.pk},
        institution_id=institution.pk,
    )
    return user, institution


# --- the application -------------------------------------------------------------------------


@transaction.atomic
def application_open(*, actor, institution: Institution, kind: str, school_type: str = "") -> A:
    """A new draft: the first filing of an institution not filed yet, an incremental one
    (INST-05) of a filed institution; one open application at a time."""
    if kind not in dict(A.KINDS):
        raise DomainError("filing_kind", "备案类型无效", field="kind")
    Institution.objects.select_for_update().filter(pk=institution.pk).first()
    open_ = A.objects.filter(institution=institution).exclude(state__in=(A.PUBLISHED, A.REJECTED))
    if open_.exists():
        raise DomainError("filing_open", "已有办理中的备案申请，请继续办理该申请", rule="INST-02")
    filed = institution.status != Institution.DRAFT
    if kind == A.INITIAL and filed:
        raise DomainError(
            "filing_initial_filed", "本机构已备案；增加职业请提交增量备案申请", rule="INST-05"
        )
    if kind == A.INCREMENTAL and not filed:
        raise DomainError(
            "filing_incremental_unfiled", "本机构尚未备案，应先提交首次备案申请", rule="INST-05"
        )
    _check_school_type(institution, school_type)
    application = A.objects.create(
        institution=institution, kind=kind, school_type=school_type, created_by=actor
    )
    audit_record(
        actor=actor,
        action="filing.open",
        obj=application,
        after={"kind": kind},
        institution_id=institution.pk,
    )
    return application


def _check_school_type(institution: Institution, school_type: str) -> None:
    if school_type and school_type not in dict(A.SCHOOL_TYPES):
        raise DomainError("filing_school_type", "院校类别无效", field="school_type")
    if school_type and institution.kind != Institution.COLLEGE:
        raise DomainError(
            "filing_school_type", "只有院校填写院校类别", field="school_type", rule="INST-02"
        )


@transaction.atomic
def application_save(
    *,
    actor,
    application: A,
    sections: dict | None = None,
    texts: dict | None = None,
    school_type: str | None = None,
    identity: dict | None = None,
) -> A:
    """Save the draft's list sections (each row checked, INST-02 messages naming row and
    column) and free texts; a section not sent is kept. `identity` completes the
    institution's own record (INST-01) through institutions' service, before its filing."""
    application = _editable(application)
    if identity is not None:
        inst.institution_details_update(
            actor=actor, institution=application.institution, **identity
        )
    content = dict(application.sections or {})
    for key, rows in (sections or {}).items():
        content[key] = sec.clean_rows(key, rows, content.get(key))
    if texts is not None:
        content["texts"] = sec.clean_texts(texts)
    application.sections = content
    fields = ["sections"]
    if school_type is not None:
        _check_school_type(application.institution, school_type)
        application.school_type = school_type
        fields.append("school_type")
    application.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="filing.draft_save",
        obj=application,
        after={"sections": sorted((sections or {}).keys()), "texts": texts is not None},
        institution_id=application.institution_id,
    )
    return application


# --- scope items (CAT-02/03, LEVEL-02..04, INST-07 swap-out) ------------------------------------


def _check_item(application: A, item: FilingScopeItem) -> str:
    """The checks of one scope item, at its addition and again at submission."""
    institution = application.institution
    leveled = item.evaluation == FilingScopeItem.SKILL_LEVEL
    levels = inst.scope_check(
        occupation=item.occupation,
        job_type=item.job_type,
        levels=item.levels,
        standard=item.standard,
        leveled=leveled,
    )
    if item.sub_levels.strip() or item.top_titles.strip():
        if institution.kind != Institution.EMPLOYER:
            raise DomainError(
                "scope_sub_levels",
                "只有用人单位（企业）可以细分等级或在一级以上增设特级技师、首席技师",
                field="sub_levels",
                rule="LEVEL-03",
            )
        titles = [t for t in item.top_titles.replace(",", "、").split("、") if t.strip()]
        unknown = [t for t in titles if t.strip() not in FilingScopeItem.TOP_TITLES]
        if unknown:
            raise DomainError(
                "scope_top_titles",
                f"一级以上只能增设特级技师、首席技师（“{unknown[0]}”无效）",
                field="top_titles",
                rule="LEVEL-03",
            )
        if titles and "1" not in levels:
            raise DomainError(
                "scope_top_titles",
                "特级技师、首席技师设在一级（高级技师）之上，须同时申报一级",
                field="top_titles",
                rule="LEVEL-03",
            )
    if item.swap_out_id is not None and (
        application.kind != A.INCREMENTAL or item.swap_out.institution_id != institution.pk
    ):
        raise DomainError(
            "scope_swap_out",
            "以新换旧只能在增量备案中撤出本机构已备案的职业",
            field="swap_out",
            rule="INST-07",
        )
    return levels


@transaction.atomic
def scope_item_add(
    *,
    actor,
    application: A,
    occupation: Occupation,
    job_type: JobType | None = None,
    evaluation: str = FilingScopeItem.SKILL_LEVEL,
    levels: str = "",
    major: str = "",
    standard: Standard | None = None,
    sub_levels: str = "",
    top_titles: str = "",
    swap_out: ScopeRow | None = None,
) -> FilingScopeItem:
    application = _editable(application)
    if evaluation not in dict(FilingScopeItem.EVALUATIONS):
        raise DomainError("scope_evaluation", "评价类别无效", field="evaluation", rule="LEVEL-02")
    item = FilingScopeItem(
        application=application,
        occupation=occupation,
        job_type=job_type,
        evaluation=evaluation,
        levels=levels,
        major=major.strip()[:100],
        standard=standard,
        sub_levels=sub_levels.strip()[:100],
        top_titles=top_titles.strip()[:20],
        swap_out=swap_out,
    )
    item.levels = _check_item(application, item)
    if application.scope_items.filter(occupation=occupation, job_type=job_type).exists():
        raise DomainError("scope_duplicate", "申请中已有该职业（工种）", field="occupation")
    item.save()
    audit_record(
        actor=actor,
        action="filing.scope_add",
        obj=application,
        after={"occupation": occupation.code, "levels": item.levels, "evaluation": evaluation},
        institution_id=application.institution_id,
    )
    return item


@transaction.atomic
def scope_item_remove(*, actor, item: FilingScopeItem) -> None:
    application = _editable(item.application)
    audit_record(
        actor=actor,
        action="filing.scope_remove",
        obj=application,
        before={"occupation": item.occupation.code, "levels": item.levels},
        institution_id=application.institution_id,
    )
    item.delete()


# --- attachments -------------------------------------------------------------------------------


def _content_type(data: bytes, field: str) -> str:
    """PDF (header and trailer) or a picture Pillow reads; anything else is refused."""
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-1024:]:
            raise DomainError(
                "attachment_pdf", "PDF文件不完整（缺少结束标记）", field=field, rule="INST-02"
            )
        return "application/pdf"
    broken = DomainError(
        "attachment_type", "材料应为PDF文件或图片（JPEG/PNG）", field=field, rule="INST-02"
    )
    image = image_open(data, field=field, label="材料图片", rule="INST-02", broken=broken)
    kinds = {"JPEG": "image/jpeg", "PNG": "image/png"}
    if image.format not in kinds:
        raise broken
    try:
        image.verify()
    except Exception:  # noqa: BLE001 (Pillow raises many kinds for a damaged file)
        raise broken from None
    return kinds[image.format]


@transaction.atomic
def attachment_add(*, actor, application: A, kind: str, name: str, data: bytes) -> FilingAttachment:
    """An attachment checked by its content (PDF or picture) and size, sealed (it may hold
    personal data: signatures, ID copies) and kept through the storage API."""
    application = _editable(application)
    if kind not in dict(FilingAttachment.KINDS):
        raise DomainError("attachment_kind", "材料类型无效", field="kind", rule="INST-02")
    cap = rules().filing_attachment_max_mb
    if not data:
        raise DomainError("attachment_empty", "请选择要上传的文件", field="file", rule="INST-02")
    if len(data) > cap * 1024 * 1024:
        raise DomainError(
            "attachment_size", f"单个材料不能超过{cap}MB", field="file", rule="INST-02"
        )
    content_type = _content_type(data, "file")
    name = (name or "材料").replace("\x00", "").strip()[-200:] or "材料"
    attachment = FilingAttachment(
        application=application,
        kind=kind,
        name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save(
        f"{attachment.sha256[:16]}.bin", ContentFile(crypto.encrypt_bytes(data)), save=False
    )
    attachment.save()
    audit_record(
        actor=actor,
        action="filing.attachment_add",
        obj=application,
        after={"kind": kind, "name": name, "sha256": attachment.sha256},
        institution_id=application.institution_id,
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: FilingAttachment) -> None:
    application = _editable(attachment.application)
    audit_record(
        actor=actor,
        action="filing.attachment_remove",
        obj=application,
        before={"kind": attachment.kind, "name": attachment.name, "sha256": attachment.sha256},
        institution_id=application.institution_id,
    )
    transaction.on_commit(lambda name=attachment.file.name: attachment.file.storage.delete(name))
    attachment.delete()


def attachment_bytes(attachment: FilingAttachment) -> bytes:
    with attachment.file.open("rb") as fh:
        return crypto.decrypt_bytes(fh.read())


# --- commitment (INST-15) ----------------------------------------------------------------------


@transaction.atomic
def commitment_sign(*, actor, application: A, signed_by: str) -> A:
    """INST-15: the legal representative on the institution's record signs the 承诺书."""
    application = _editable(application)
    signed_by = (signed_by or "").strip()
    legal_rep = application.institution.legal_rep.strip()
    if not legal_rep:
        raise DomainError(
            "commitment_no_rep", "机构信息中尚未填写法定代表人", field="signed_by", rule="INST-15"
        )
    if signed_by != legal_rep:
        raise DomainError(
            "commitment_signer",
            f"承诺书应由法定代表人{legal_rep}本人签署",
            field="signed_by",
            rule="INST-15",
        )
    application.commitment_signed_by = signed_by
    application.commitment_signed_on = timezone.localdate()
    application.save(update_fields=["commitment_signed_by", "commitment_signed_on"])
    audit_record(
        actor=actor,
        action="filing.commit",
        obj=application,
        after={"signed_by": signed_by, "on": application.commitment_signed_on},
        institution_id=application.institution_id,
    )
    return application


# --- submission --------------------------------------------------------------------------------


def _check_incremental(application: A) -> None:
    """INST-05: ran >= 2/3 of the filed occupations; experts, examiners, supervisors, items
    and sites for each new occupation."""
    institution = application.institution
    filed = set(institution.scope_rows.values_list("occupation_id", flat=True))
    today = timezone.localdate()
    held = Sitting.objects.filter(institution=institution, occupation_id__in=filed).filter(
        Q(status=Sitting.CLOSED) | Q(theory_on__lte=today) | Q(practical_on__lte=today)
    )
    ran = set(held.values_list("occupation_id", flat=True))
    need = Fraction(rules().filing_ran_share)
    if filed and Fraction(len(ran), len(filed)) < need:
        raise DomainError(
            "incremental_ran",
            f"增量备案须已开展不少于{need.numerator}/{need.denominator}的已备案职业"
            f"（已备案{len(filed)}个，已开展{len(ran)}个）",
            rule="INST-05",
        )
    content = application.sections or {}
    for item in application.scope_items.select_related("occupation"):
        if item.occupation_id in filed:
            continue
        name = item.occupation.name
        checks = [
            ("专家", any(name in r.get("major", "") for r in content.get("experts", []))),
            ("考评人员", any(r.get("occupation") == name for r in content.get("examiners", []))),
            ("内部质量监督人员", bool(content.get("supervisors"))),
            (
                "题库试题",
                Item.objects.filter(institution=institution, occupation=item.occupation).exists(),
            ),
            (
                "考核场地",
                any(r.get("occupation") == name for r in content.get("sites", [])),
            ),
        ]
        for what, ok in checks:
            if not ok:
                raise DomainError(
                    "incremental_resources",
                    f"增量申报的职业“{name}”缺少{what}",
                    field="scope",
                    rule="INST-05",
                )


def _check_saturation(application: A) -> None:
    """INST-06: no new occupation where the region's filed institutions already cover it at
    the saturation share (a setting), counted from the directory (valid filings)."""
    institution = application.institution
    city = institution.region_code[:4]
    region = with_valid_filing(
        Institution.objects.filter(region_code__startswith=city), on=timezone.localdate()
    ).exclude(pk=institution.pk)
    total = region.count() + (1 if institution.status == Institution.FILED else 0)
    if not total:
        return
    limit = Fraction(rules().region_saturation_share)
    new = new_occupation_ids(application)
    for item in application.scope_items.select_related("occupation"):
        if item.occupation_id not in new:
            continue
        covering = region.filter(scope_rows__occupation=item.occupation).distinct().count()
        if Fraction(covering, total) >= limit:
            raise DomainError(
                "region_saturated",
                f"本地区已备案机构中已有{covering}/{total}家开展“{item.occupation.name}”，"
                f"达到饱和度{limit.numerator}/{limit.denominator}，不再新增",
                field="scope",
                rule="INST-06",
            )


def _check_social_cap(application: A) -> None:
    """INST-07: filed occupations, less those swapped out, plus the new ones, at most 5."""
    institution = application.institution
    filed = set(institution.scope_rows.values_list("occupation_id", flat=True))
    items = list(application.scope_items.select_related("swap_out"))
    out = {i.swap_out.occupation_id for i in items if i.swap_out_id is not None}
    after = (filed - out) | {i.occupation_id for i in items}
    inst.social_cap_check(institution, after, filed=len(filed))


@transaction.atomic
def application_submit(*, actor, application: A) -> A:
    """Submit (or resubmit) after the checklist is empty and every rule holds (INST-02)."""
    application = _editable(application)
    missing = missing_items(application)
    if missing:
        first = missing[0]
        raise DomainError(
            "filing_incomplete",
            f"申请尚不完整（{len(missing)}项）：{'；'.join(m.message for m in missing[:5])}",
            field=first.section,
            rule=first.rule,
        )
    for item in application.scope_items.select_related("occupation", "job_type", "standard"):
        _check_item(application, item)
    _check_social_cap(application)
    _check_saturation(application)
    if application.kind == A.INCREMENTAL:
        _check_incremental(application)
    return application_move(
        actor=actor,
        application=application,
        decision=FilingStep.SUBMIT,
        expected_state=application.state,
    )


# --- the authority's steps: preliminary review, confirmation ------------------------------------

AUTHORITY_STEPS = {A.SUBMITTED: "初审", A.CONFIRMATION: "确认"}


@transaction.atomic
def authority_decide(*, actor, application: A, step: str, decision: str, reasons: str = "") -> A:
    """The preliminary review (by the receiving department, INST-02) or the confirmation:
    pass, or return with reasons. `step` is the state the decider saw (a stale page fails)."""
    if step not in AUTHORITY_STEPS:
        raise DomainError("filing_step", "该环节不在此办理", field="step", rule="INST-02")
    if decision not in (FilingStep.PASS, FilingStep.RETURN):
        raise DomainError("filing_decision", "处理结果应为通过或退回", field="decision")
    return application_move(
        actor=actor,
        application=application,
        decision=decision,
        reasons=(reasons or "")[:2000],
        expected_state=step,
    )


__all__ = [
    "application_open",
    "application_save",
    "application_submit",
    "attachment_add",
    "attachment_bytes",
    "attachment_remove",
    "authority_decide",
    "commitment_sign",
    "institution_register",
    "scope_item_add",
    "scope_item_remove",
]
