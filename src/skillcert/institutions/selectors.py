"""Reads of institutions, scoped to the acting user (tenancy: outsiders get 404)."""

from django.db.models import Q, QuerySet
from django.http import Http404

from skillcert.catalog.models import JobType, Occupation

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


def institution_get_for_user(user, institution_id) -> Institution:
    """The one place pages and API resolve an institution; 404 for anyone outside it."""
    try:
        return institutions_for_user(user).get(pk=int(institution_id))
    except (Institution.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该机构") from None


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


def scope_rows_for(institution: Institution) -> QuerySet[ScopeRow]:
    return institution.scope_rows.select_related("occupation", "job_type", "standard")


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


def directory(q: str = "") -> QuerySet[Institution]:
    """INST-12: the public directory lists filed institutions with their scope; `q` finds a
    name, a short name, or an occupation (name or code) or job type in the scope."""
    found = Institution.objects.filter(status=Institution.FILED)
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
