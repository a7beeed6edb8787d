"""Reads of filing applications, scoped: an institution's own (resolved by the caller with
the institutions guard), or the authority's region (`flow.is_authority_for`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from skillcert.catalog.models import Standard
from skillcert.institutions.authority import in_region
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import authority_of, can_manage

from . import sections as sec
from .flow import is_authority_for
from .models import FilingApplication as A
from .models import FilingAttachment, FilingScopeItem


@dataclass(frozen=True)
class Missing:
    section: str
    message: str
    rule: str


IDENTITY = (
    "name",
    "credit_code",
    "nature",
    "supervising_dept",
    "legal_rep",
    "contact_person",
    "phone",
    "address",
)
REQUIRED_ATTACHMENTS = (
    FilingAttachment.LETTER,
    FilingAttachment.WORK_PLAN,
    FilingAttachment.EVIDENCE,
)


def missing_items(application: A) -> list[Missing]:
    """The checklist of what the application still lacks before it can be submitted."""
    institution = application.institution
    out: list[Missing] = []
    for field in IDENTITY:
        if not str(getattr(institution, field) or "").strip():
            label = Institution._meta.get_field(field).verbose_name
            out.append(Missing("identity", f"机构信息缺少“{label}”", "INST-01"))
    if institution.kind == Institution.COLLEGE and not application.school_type:
        out.append(Missing("school_type", "院校应选择院校类别（决定初审部门）", "INST-02"))
    items = list(application.scope_items.select_related("occupation", "standard"))
    if not items:
        out.append(Missing("scope", "至少申报一个职业（工种）", "INST-12"))
    content = application.sections or {}
    for section in sec.SECTIONS:
        if len(content.get(section.key, [])) < section.min_rows:
            out.append(Missing(section.key, f"“{section.label}”尚未填写", "INST-02"))
    examiners = content.get("examiners", [])
    for item in items:
        count = sum(1 for r in examiners if r.get("occupation") == item.occupation.name)
        if count < 3:
            out.append(
                Missing(
                    "examiners",
                    f"职业“{item.occupation.name}”的考评人员不少于3名（现有{count}名）",
                    "INST-02",
                )
            )
    kinds = set(application.attachments.values_list("kind", flat=True))
    labels = dict(FilingAttachment.KINDS)
    for kind in REQUIRED_ATTACHMENTS:
        if kind not in kinds:
            out.append(Missing("attachments", f"缺少材料“{labels[kind]}”", "INST-02"))
    own_spec = any(i.standard and i.standard.kind == Standard.SPECIFICATION for i in items)
    if own_spec and FilingAttachment.SPECIFICATION not in kinds:
        out.append(
            Missing(
                "attachments",
                f"采用评价规范的，应上传“{labels[FilingAttachment.SPECIFICATION]}”",
                "LEVEL-04",
            )
        )
    if not application.commitment_signed_by:
        out.append(Missing("commitment", "法定代表人尚未签署承诺书", "INST-15"))
    return out


def new_occupation_ids(application: A) -> set[int]:
    """The occupations the application adds to the institution's filed scope."""
    filed = set(application.institution.scope_rows.values_list("occupation_id", flat=True))
    return set(application.scope_items.values_list("occupation_id", flat=True)) - filed


# --- the institution's side (institution resolved by institutions' guard) ----------------------


def applications_of(institution: Institution) -> QuerySet[A]:
    return A.objects.filter(institution=institution).order_by("-created_at")


def application_of(institution: Institution, application_id: int) -> A | None:
    return applications_of(institution).filter(pk=application_id).first()


def scope_item_of(application: A, item_id: int) -> FilingScopeItem | None:
    return application.scope_items.filter(pk=item_id).first()


def attachment_of(application: A, attachment_id: int) -> FilingAttachment | None:
    return application.attachments.filter(pk=attachment_id).first()


# --- the authority's side --------------------------------------------------------------------


def authority_applications(user, *, state: str = "") -> QuerySet[A] | None:
    """The region's applications (not drafts: they are the applicant's), or None for a user
    who is not authority staff."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        found = A.objects.all()
    else:
        authority = authority_of(user)
        if authority is None:
            return None
        found = in_region(A.objects.all(), authority.region_prefix)
    found = found.exclude(state=A.DRAFT).select_related("institution")
    if state:
        found = found.filter(state=state)
    return found.order_by("-submitted_at", "-pk")


def authority_application(user, application_id: int) -> A | None:
    found = authority_applications(user)
    if found is None:
        return None
    application = found.filter(pk=application_id).first()
    if application is None or not is_authority_for(user, application):
        return None
    return application


def state_counts(applications: QuerySet[A]) -> list[tuple[str, str, int]]:
    counts = {s: 0 for s, _ in A.STATES}
    for state in applications.values_list("state", flat=True):
        counts[state] += 1
    return [(s, label, counts[s]) for s, label in A.STATES if s != A.DRAFT]


def may_manage(user, application: A) -> bool:
    """The applicant's managers (director, exam affairs) edit and download."""
    return can_manage(user, application.institution)


def default_standard(occupation, job_type) -> Standard | None:
    """The occupation's national standard (of the job type when it has its own): what a scope
    item names when the applicant names none (LEVEL-04)."""
    national = Standard.objects.filter(occupation=occupation, kind=Standard.NATIONAL)
    return national.filter(job_type=job_type).first() or national.first()
