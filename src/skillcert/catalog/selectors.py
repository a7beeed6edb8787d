"""Reads of the catalogue (CAT-01..03, LEVEL-05). The catalogue is public reference data."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from skillcert.core.errors import DomainError

from .models import JobType, Occupation, Standard


def occupation_by_code(code: str, *, rank: int | None = 4) -> Occupation | None:
    """The catalogue entry of this code (CAT-01), an occupation (rank 4) unless `rank` says
    otherwise (None: any rank); None when there is none. Callers word their own refusal."""
    qs = Occupation.objects.filter(code=(code or "").strip())
    if rank is not None:
        qs = qs.filter(rank=rank)
    return qs.first()


def occupation_required(code: str, *, field: str) -> Occupation:
    """The occupation (rank 4) of this code, or the CAT-01 DomainError naming `field`."""
    occupation = occupation_by_code(code)
    if occupation is None:
        raise DomainError(
            "occupation_unknown", f"职业编码“{code}”不存在", field=field, rule="CAT-01"
        )
    return occupation


def occupation_search(
    q: str, *, occupations_only: bool = True, limit: int = 50
) -> QuerySet[Occupation]:
    """Active entries whose code starts with, or whose name contains, `q`.

    With `occupations_only` (the default) categories are left out: CAT-02, a major, middle
    or minor category is never an occupation one may choose.
    """
    q = (q or "").strip()
    qs = Occupation.objects.filter(active=True)
    if occupations_only:
        qs = qs.filter(rank=4)
    if not q:
        return qs.order_by("code")[:limit]
    # Best match first: 车工 before 汽车工程技术人员, then by code.
    closeness = Case(
        When(name=q, then=Value(0)),
        When(code__startswith=q, then=Value(1)),
        When(name__startswith=q, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    qs = qs.filter(Q(code__startswith=q) | Q(name__icontains=q)).annotate(closeness=closeness)
    return qs.order_by("closeness", "code")[:limit]


def occupations_assessable() -> QuerySet[Occupation]:
    """CAT-03: skill-level certificates only for active 水平评价类 occupations (rank 4)."""
    return Occupation.objects.filter(rank=4, active=True, kind=Occupation.LEVEL_EVALUATION)


def job_types_of(occupation: Occupation) -> QuerySet[JobType]:
    """CAT-02: the job types a scope or registration of this occupation may name."""
    return occupation.job_types.order_by("name")


def standards_of(occupation: Occupation, job_type: JobType | None = None) -> QuerySet[Standard]:
    """LEVEL-04: the standards for the occupation, the job type's own first."""
    qs = Standard.objects.filter(occupation=occupation)
    if job_type is not None:
        qs = qs.filter(Q(job_type=job_type) | Q(job_type__isnull=True))
    return qs.order_by("job_type_id", "title")


def job_type_required(occupation: Occupation, name: str | None, *, field: str) -> JobType | None:
    """The occupation's job type of this name (CAT-02), None for no name, or the DomainError
    naming `field` when the occupation has no such job type."""
    name = (name or "").strip()
    if not name:
        return None
    job_type = job_type_by_name(occupation, name)
    if job_type is None:
        raise DomainError(
            "job_type_unknown",
            f"{occupation.name}没有工种/职业方向“{name}”",
            field=field,
            rule="CAT-02",
        )
    return job_type


def job_type_by_name(occupation: Occupation, name: str) -> JobType | None:
    """CAT-02: the occupation's job type of this name, or None."""
    return occupation.job_types.filter(name=(name or "").strip()).first()


def standard_of(occupation: Occupation, *, standard_id=None, title: str = "") -> Standard | None:
    """LEVEL-04: a standard of the occupation by id or by title, or None."""
    qs = Standard.objects.filter(occupation=occupation)
    if standard_id is not None:
        return qs.filter(pk=standard_id).first()
    return qs.filter(title=title.strip()).first()
