"""The institution's scope rows (INST-12) and the social institutions' cap."""

from django.db import transaction

from skillcert.catalog.models import JobType, Occupation, Standard, parse_levels
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules

from ..models import Institution, ScopeRow


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
