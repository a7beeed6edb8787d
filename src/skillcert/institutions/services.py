"""Writes of institutions: creation, filing (INST-01, INST-04) and scope rows (INST-12)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from skillcert.catalog.models import JobType, Occupation, Standard, parse_levels
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.idnumbers import validate_credit_code
from skillcert.core.rules import rules

from .models import Institution, Membership, ScopeRow


@transaction.atomic
def institution_create(
    *, actor, kind: str, name: str, credit_code: str, region_code: str, **details
) -> Institution:
    if kind not in dict(Institution.KINDS):
        raise DomainError("institution_kind", f"机构类型“{kind}”无效", field="kind")
    if not name.strip():
        raise DomainError("institution_name", "机构名称不能为空", field="name")
    code = validate_credit_code(credit_code)
    if Institution.objects.filter(credit_code=code).exists():
        raise DomainError("credit_duplicate", f"统一社会信用代码{code}已登记", field="credit_code")
    if len(region_code) != 6 or not region_code.isdigit():
        raise DomainError("region_code", "所在地行政区划代码应为6位数字", field="region_code")
    return Institution.objects.create(
        kind=kind, name=name.strip(), credit_code=code, region_code=region_code, **details
    )


# INST-01: the parts of the record an applicant fills before the first filing; afterwards
# they change only through an approved change application (INST-08).
DETAILS = (
    "name",
    "short_name",
    "nature",
    "supervising_dept",
    "legal_rep",
    "contact_person",
    "phone",
    "email",
    "website",
    "address",
    "prev_station_code",
)


@transaction.atomic
def institution_details_update(*, actor, institution: Institution, **details: str) -> Institution:
    """INST-01: the applicant completes its record while it is not filed yet (audited)."""
    unknown = set(details) - set(DETAILS)
    if unknown:
        raise DomainError("institution_field", f"不能修改：{'、'.join(sorted(unknown))}")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.status != Institution.DRAFT:
        raise DomainError(
            "institution_filed",
            "机构已备案，名称、法定代表人、地址等变更须提交变更申请",
            rule="INST-08",
        )
    details = {k: str(v or "").strip() for k, v in details.items()}
    if "name" in details and not details["name"]:
        raise DomainError("institution_name", "机构名称不能为空", field="name")
    if details.get("nature", "public") not in dict(Institution.NATURES):
        raise DomainError("institution_nature", "性质应为公办或民办", field="nature")
    for field, value in details.items():
        limit = Institution._meta.get_field(field).max_length
        if "\x00" in value or len(value) > limit:
            label = Institution._meta.get_field(field).verbose_name
            raise DomainError("institution_field", f"{label}不能超过{limit}个字符", field=field)
    if details.get("email"):
        try:
            validate_email(details["email"])
        except ValidationError:
            raise DomainError("institution_email", "邮箱格式不正确", field="email") from None
    before = {k: getattr(institution, k) for k in details}
    for field, value in details.items():
        setattr(institution, field, value)
    institution.save(update_fields=list(details))
    audit_record(
        actor=actor,
        action="institution.details_update",
        obj=institution,
        before=before,
        after=details,
        institution_id=institution.pk,
    )
    return institution


def _check_cert_parts(category: str, org_code: str, province: str, city: str, sequence: str):
    """CERT-01 parts 1-5 / INST-04 filing number parts."""
    checks = [
        (
            "cert_category",
            len(category) == 1 and category.isalpha() and category.isupper(),
            "机构类别代码应为1位大写字母",
        ),
        ("cert_org_code", len(org_code) == 4 and org_code.isdigit(), "机构代码应为4位数字"),
        ("cert_province", len(province) == 2 and province.isdigit(), "省级代码应为2位数字"),
        ("cert_city", len(city) == 2 and city.isdigit(), "市级代码应为2位数字"),
        ("cert_sequence", len(sequence) == 4 and sequence.isdigit(), "站点序列码应为4位数字"),
    ]
    for field, ok, message in checks:
        if not ok:
            raise DomainError("cert_parts", message, field=field, rule="CERT-01")
    r = rules()
    if not r.filing_sequence_min <= int(sequence) <= r.filing_sequence_max:
        raise DomainError(
            "cert_sequence_range",
            f"站点序列码应在{r.filing_sequence_min}-{r.filing_sequence_max}之间",
            field="cert_sequence",
            rule="INST-04",
        )


@transaction.atomic
def institution_file(
    *,
    actor,
    institution: Institution,
    filed_on: date,
    category: str,
    org_code: str,
    province: str,
    city: str,
    sequence: str,
) -> Institution:
    """Record the authority's confirmation: filing number and date (INST-04), audited."""
    _check_cert_parts(category, org_code, province, city, sequence)
    prefix = f"{category}{org_code}{province}{city}{sequence}"
    clash = Institution.objects.exclude(pk=institution.pk).filter(
        cert_category=category,
        cert_org_code=org_code,
        cert_province=province,
        cert_city=city,
        cert_sequence=sequence,
    )
    if clash.exists():
        raise DomainError("filing_duplicate", f"备案号{prefix}已被其他机构使用", rule="INST-04")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    before = {
        "status": institution.status,
        "filing_number": institution.filing_number,
        "filed_on": institution.filed_on,
    }
    institution.cert_category, institution.cert_org_code = category, org_code
    institution.cert_province, institution.cert_city = province, city
    institution.cert_sequence, institution.filed_on = sequence, filed_on
    institution.status = Institution.FILED
    institution.save()
    audit_record(
        actor=actor,
        action="institution.file",
        obj=institution,
        before=before,
        after={"status": institution.status, "filing_number": prefix, "filed_on": filed_on},
        institution_id=institution.pk,
    )
    return institution


def scope_check(
    *,
    occupation: Occupation,
    job_type: JobType | None,
    levels: str,
    standard: Standard | None,
    leveled: bool = True,
) -> str:
    """The checks of a scope row (CAT-02, CAT-03, LEVEL-01, LEVEL-04, LEVEL-05), shared by the
    filed scope (`scope_row_add`) and a filing application's scope items (filings): returns
    the levels as LEVEL-01 digits. `leveled=False` is a 专项职业能力 row: no levels (LEVEL-02)."""
    if not occupation.is_occupation:
        raise DomainError(
            "scope_category",
            f"“{occupation.name}”是职业分类的类别，不是职业",
            field="occupation",
            rule="CAT-02",
        )
    if occupation.kind == Occupation.LICENSING:
        raise DomainError(
            "scope_licensing",
            f"“{occupation.name}”为准入类职业，不能开展职业技能等级认定",
            field="occupation",
            rule="CAT-03",
        )
    # CAT-02: a job type, when named, must belong to the occupation. A row without one is
    # allowed: the national sample scope files 车工 level 5 with no job type.
    if job_type is not None and job_type.occupation_id != occupation.pk:
        raise DomainError(
            "scope_job_type",
            f"工种“{job_type.name}”不属于职业“{occupation.name}”",
            field="job_type",
            rule="CAT-02",
        )
    if leveled:
        try:
            levels = parse_levels(levels)
        except ValueError as exc:
            raise DomainError("scope_levels", str(exc), field="levels", rule="LEVEL-01") from None
    elif levels.strip():
        raise DomainError(
            "scope_special_levels",
            "专项职业能力考核不分等级，级别应为空",
            field="levels",
            rule="LEVEL-02",
        )
    if standard is None:
        raise DomainError(
            "scope_standard_missing",
            "应注明评价依据的国家职业技能标准或评价规范",
            field="standard",
            rule="LEVEL-04",
        )
    if standard.occupation_id != occupation.pk:
        raise DomainError("scope_standard", "评价标准与职业不符", field="standard", rule="LEVEL-04")
    if standard.kind == Standard.SPECIFICATION and standard.expert_count < 5:
        raise DomainError(
            "scope_spec_experts", "评价规范须经至少5名专家评审", field="standard", rule="LEVEL-04"
        )
    missing = sorted(set(levels) - set(standard.levels)) if leveled else []
    if missing:
        raise DomainError(
            "scope_level_undefined",
            f"标准“{standard.title}”未设置{'、'.join(missing)}级，不能认定",
            field="levels",
            rule="LEVEL-05",
        )
    return levels if leveled else ""


@transaction.atomic
def scope_row_add(
    *,
    actor,
    institution: Institution,
    occupation: Occupation,
    job_type: JobType | None,
    levels: str,
    standard: Standard,
) -> ScopeRow:
    """Add a row to the filed scope, checking CAT-02, CAT-03, LEVEL-04, LEVEL-05 and INST-07."""
    levels = scope_check(occupation=occupation, job_type=job_type, levels=levels, standard=standard)
    if ScopeRow.objects.filter(
        institution=institution, occupation=occupation, job_type=job_type
    ).exists():
        raise DomainError("scope_duplicate", "认定范围中已有该职业（工种）", field="occupation")
    Institution.objects.select_for_update().filter(pk=institution.pk).first()  # one at a time
    filed = set(
        ScopeRow.objects.filter(institution=institution).values_list("occupation_id", flat=True)
    )
    social_cap_check(institution, filed | {occupation.pk}, filed=len(filed))
    row = ScopeRow.objects.create(
        institution=institution,
        occupation=occupation,
        job_type=job_type,
        levels=levels,
        standard=standard,
    )
    audit_record(
        actor=actor,
        action="institution.scope_add",
        obj=row,
        after={
            "occupation": occupation.code,
            "job_type": job_type.name if job_type else "",
            "levels": levels,
        },
    )
    return row


@transaction.atomic
def scope_row_remove(*, actor, row: ScopeRow, reason: str) -> None:
    """Take a row out of the filed scope (INST-07 swap-out on an incremental filing), audited."""
    reason = reason.strip()
    if not reason:
        raise DomainError("scope_remove_reason", "撤出认定范围须写明原因", field="reason")
    # of=self: PostgreSQL locks no nullable side of an outer join (the job type)
    locked = ScopeRow.objects.select_for_update(of=("self",))
    row = locked.select_related("occupation", "job_type").get(pk=row.pk)
    audit_record(
        actor=actor,
        action="institution.scope_remove",
        obj=row,
        before={
            "occupation": row.occupation.code,
            "job_type": row.job_type.name if row.job_type_id else "",
            "levels": row.levels,
        },
        after={"reason": reason},
        institution_id=row.institution_id,
    )
    row.delete()


def social_cap_check(institution: Institution, occupations: set[int], *, filed: int) -> None:
    """INST-07: a social training-and-assessment organisation files at most 5 occupations
    (a setting); more job types of a filed occupation are fine, a 6th occupation is not.
    `occupations` is the set of occupation ids the scope would name after the change, `filed`
    how many it names now; the filed scope and a filing application (with its swap-outs)
    both ask this."""
    if institution.kind != Institution.SOCIAL:
        return
    cap = rules().social_max_occupations
    if len(occupations) > cap:
        raise DomainError(
            "scope_social_cap",
            f"社会培训评价组织备案的职业不超过{cap}个（已有{filed}个）；"
            "如需开展新职业，应以新换旧，先撤出一个已备案职业",
            field="occupation",
            rule="INST-07",
        )


def membership_add(*, institution: Institution, user, role: str) -> Membership:
    if role not in dict(Membership.ROLES):
        raise DomainError("membership_role", f"角色“{role}”无效", field="role")
    membership, _ = Membership.objects.get_or_create(institution=institution, user=user, role=role)
    return membership


# --- INST-09: suspension; INST-08: an approved change of the record ----------------------------


@transaction.atomic
def institution_suspend(*, actor, institution: Institution, reason: str) -> Institution:
    """INST-09: an institution that broke its commitments is suspended: it leaves the
    directory and `filing_refusal` refuses it new work; its certificates stay verifiable."""
    reason = (reason or "").strip()
    if not reason or "\x00" in reason or len(reason) > 500:
        raise DomainError(
            "suspend_reason", "暂停须写明理由（500字以内）", field="reason", rule="INST-09"
        )
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.status != Institution.FILED:
        raise DomainError(
            "suspend_status",
            f"{institution.name}当前为“{institution.get_status_display()}”，不能暂停",
            rule="INST-09",
        )
    institution.status = Institution.SUSPENDED
    institution.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="institution.suspend",
        obj=institution,
        before={"status": Institution.FILED},
        after={"status": institution.status, "reason": reason},
        institution_id=institution.pk,
    )
    return institution


@transaction.atomic
def institution_reinstate(*, actor, institution: Institution, reason: str) -> Institution:
    """INST-09: the authority lifts a suspension (audited)."""
    reason = (reason or "").strip()
    if not reason or "\x00" in reason or len(reason) > 500:
        raise DomainError("reinstate_reason", "恢复须写明理由", field="reason", rule="INST-09")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.status != Institution.SUSPENDED:
        raise DomainError("reinstate_status", f"{institution.name}未被暂停", rule="INST-09")
    institution.status = Institution.FILED
    institution.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="institution.reinstate",
        obj=institution,
        before={"status": Institution.SUSPENDED},
        after={"status": institution.status, "reason": reason},
        institution_id=institution.pk,
    )
    return institution


CHANGEABLE = ("legal_rep", "name", "address")


@transaction.atomic
def institution_record_change(
    *, actor, institution: Institution, field: str, value: str, basis: str
) -> Institution:
    """INST-08: the record changes only here, called on the authority's approval of a change
    application (`basis` names it), audited with the old and new value."""
    if field not in CHANGEABLE:
        raise DomainError("change_field", f"不能通过变更申请修改{field}", rule="INST-08")
    value = (value or "").strip()
    limit = Institution._meta.get_field(field).max_length
    if not value or "\x00" in value or len(value) > limit:
        label = Institution._meta.get_field(field).verbose_name
        raise DomainError(
            "change_value", f"{label}不能为空且不超过{limit}个字符", field="new_value"
        )
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    before = getattr(institution, field)
    setattr(institution, field, value)
    institution.save(update_fields=[field])
    audit_record(
        actor=actor,
        action="institution.record_change",
        obj=institution,
        before={field: before},
        after={field: value, "basis": basis},
        institution_id=institution.pk,
    )
    return institution
