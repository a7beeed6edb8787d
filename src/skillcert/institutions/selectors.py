"""Reads of institutions, scoped to the acting user (tenancy: outsiders get 404)."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from skillcert.catalog.models import JobType, Occupation
from skillcert.core import tenancy
from skillcert.core.errors import DomainError, NotFound
from skillcert.core.rules import rules

from .models import Authority, Institution, Membership, ScopeRow

# Roles that may change data of an institution; others (supervisors, authority) only read.
MANAGERS = (Membership.DIRECTOR, Membership.EXAM_AFFAIRS)
SCORERS = (Membership.DIRECTOR, Membership.EXAM_AFFAIRS, Membership.EXAMINER)


def authority_of(user) -> Authority | None:
    staff = getattr(user, "authority_staff", None) if user.is_authenticated else None
    return staff.authority if staff else None


def institutions_for_user(user) -> QuerySet[Institution]:
    """Institutions the user may see: members see theirs, authority staff their region."""
    if not user.is_authenticated:
        return Institution.objects.none()
    if user.is_superuser:
        return Institution.objects.all()
    condition = Q(memberships__user=user)
    authority = authority_of(user)
    if authority is not None:
        condition |= Q(region_code__startswith=authority.region_prefix)
    return Institution.objects.filter(condition).distinct()


def institution_visible(*, user, institution_id) -> Institution | None:
    """The institution if `user` may see it (`institutions_for_user`), else None."""
    try:
        institution = institutions_for_user(user).filter(pk=int(institution_id)).first()
    except (ValueError, TypeError, OverflowError):
        return None
    if institution is not None:
        tenancy.resolved(institution.pk)  # the request's tenancy scope (core.tenancy)
    return institution


def institution_get_for_user(user, institution_id) -> Institution:
    """`institution_visible` or NotFound (404 at every edge) for anyone outside it. Pages
    and the API resolve `/i/<iid>/` through `institutions.guards` (which adds the roles)."""
    institution = institution_visible(user=user, institution_id=institution_id)
    if institution is None:
        raise NotFound("未找到该机构")
    return institution


def roles_of(user, institution: Institution) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, institution=institution).values_list("role", flat=True)
    )


def can_manage(user, institution: Institution) -> bool:
    return user.is_superuser or bool(roles_of(user, institution) & set(MANAGERS))


def can_score(user, institution: Institution) -> bool:
    return user.is_superuser or bool(roles_of(user, institution) & set(SCORERS))


def sittings_of(*, institution: Institution) -> QuerySet:
    """The institution's sittings, newest first (its home page). Through the reverse
    relation: institutions stands below plans and does not import its models."""
    return institution.sittings.select_related("occupation", "job_type").order_by("-created_at")


def scope_rows_for(institution: Institution) -> QuerySet[ScopeRow]:
    return institution.scope_rows.select_related("occupation", "job_type", "standard")


def occupation_codes_in_scope(codes) -> list[str]:
    """Of these occupation codes, those some institution's scope names (catalog.hooks)."""
    rows = ScopeRow.objects.filter(occupation__code__in=list(codes))
    return sorted(set(rows.values_list("occupation__code", flat=True)))


def scope_row_of(institution: Institution, row_id) -> ScopeRow | None:
    """A row of the institution's filed scope, or None (another institution's is None)."""
    return scope_rows_for(institution).filter(pk=row_id).first()


def scope_occupations(institution: Institution) -> QuerySet[Occupation]:
    """The occupations the institution's filed scope names: what its forms offer (a <select>
    of the whole catalogue's ~1,650 occupations took over a second to render)."""
    return Occupation.objects.filter(
        pk__in=institution.scope_rows.values("occupation_id")
    ).order_by("code")


def scope_job_types(institution: Institution) -> QuerySet[JobType]:
    return JobType.objects.filter(
        occupation_id__in=institution.scope_rows.values("occupation_id")
    ).order_by("occupation__code", "name")


def scope_row_covering(
    institution: Institution, *, occupation_id: int, job_type_id: int | None, level: int
) -> ScopeRow | None:
    """PLAN-07: the scope row that allows this occupation, job type and level, if any."""
    row = ScopeRow.objects.filter(
        institution=institution, occupation_id=occupation_id, job_type_id=job_type_id
    ).first()
    return row if row and str(level) in row.levels else None


# --- filing validity (INST-04 three years, INST-09 suspension) ---------------------------------


def filing_refusal(institution: Institution, *, on: date) -> DomainError | None:
    """Why `institution` may not act as a filed institution on `on` (None: its filing is valid).

    The one judgement of a valid filing: the directory, sitting creation, publishing and
    registration all ask it, so a suspended or expired filing stops everywhere at once."""
    if institution.status == Institution.SUSPENDED:
        return DomainError(
            "filing_suspended",
            f"{institution.name}的备案已暂停，不能组织认定",
            field="institution",
            rule="INST-09",
        )
    if not institution.filing_valid_on(on):
        until = institution.filing_valid_until
        why = f"已于{until}到期" if until and on >= until else "不在有效期内"
        return DomainError(
            "filing_invalid",
            f"{institution.name}的备案在{on}{why}，不能组织认定",
            field="institution",
            rule="INST-04",
        )
    return None


def filing_valid(institution: Institution, *, on: date) -> bool:
    return filing_refusal(institution, on=on) is None


def filing_check(institution: Institution, *, on: date) -> None:
    """Raise the DomainError of `filing_refusal`, for services that must stop."""
    refusal = filing_refusal(institution, on=on)
    if refusal is not None:
        raise refusal


def _earliest_valid_filing(on: date) -> date:
    """The earliest filing date still valid on `on` (Institution.filing_valid_until > on)."""
    first = _years_before(on) + timedelta(days=1)
    probe = Institution(status=Institution.FILED, filed_on=first)
    while probe.filing_valid_until <= on:  # 29 February filings end on 28 February
        probe.filed_on += timedelta(days=1)
    return probe.filed_on


def _years_before(on: date) -> date:
    years = rules().filing_valid_years
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def with_valid_filing(qs: QuerySet[Institution], *, on: date) -> QuerySet[Institution]:
    """`filing_valid` as a filter, for lists (the directory and its API)."""
    return qs.filter(
        status=Institution.FILED, filed_on__lte=on, filed_on__gte=_earliest_valid_filing(on)
    )


def directory(q: str = "", *, on: date | None = None) -> QuerySet[Institution]:
    """INST-12: the public directory lists institutions with a valid filing (INST-04, not
    expired; INST-09, not suspended) and their scope; `q` finds a name, a short name, or an
    occupation (name or code) or job type in the scope."""
    found = with_valid_filing(Institution.objects.all(), on=on or timezone.localdate())
    if q:
        found = found.filter(
            Q(name__icontains=q)
            | Q(short_name__icontains=q)
            | Q(scope_rows__occupation__name__icontains=q)
            | Q(scope_rows__occupation__code__startswith=q)
            | Q(scope_rows__job_type__name__icontains=q)
        ).distinct()
    return found.prefetch_related(
        "scope_rows__occupation", "scope_rows__job_type", "scope_rows__standard"
    )
