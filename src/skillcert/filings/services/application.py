"""The applicant's draft (INST-02): open, save the sections, the scope rows (LEVEL-02..04),
the legal representative's commitment (INST-15)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from skillcert.catalog.models import JobType, Occupation, Standard
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.institutions import services as inst
from skillcert.institutions.models import Institution, ScopeRow

from .. import sections as sec
from ..models import FilingApplication as A
from ..models import FilingScopeItem
from .base import _editable


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


def scope_item_check(application: A, item: FilingScopeItem) -> str:
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
    item.levels = scope_item_check(application, item)
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
