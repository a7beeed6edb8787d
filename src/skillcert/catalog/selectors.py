"""Reads of the catalogue (CAT-01..03, LEVEL-05). The catalogue is public reference data."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from .models import JobType, Occupation, Standard


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
