"""Reads of the receipt step: the filed institutions of the authority's region (汇总表)."""

from django.db.models import QuerySet

from skillcert.institutions.authority import in_region
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import authority_of


def filed_in_region(*, user) -> QuerySet[Institution]:
    """INST-12: filed institutions of the user's authority region with their scope rows."""
    qs = Institution.objects.filter(status=Institution.FILED)
    if not user.is_superuser:
        authority = authority_of(user)
        if authority is None:
            return qs.none()
        qs = in_region(qs, authority.region_prefix, field="")
    return qs.order_by("region_code", "name").prefetch_related(
        "scope_rows__occupation", "scope_rows__job_type", "scope_rows__standard"
    )
