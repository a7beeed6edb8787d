"""Reads of supervision, scoped: the authority's staff see their region's draws,
institutions and credit; an institution sees its own credit record; everyone sees the
published results (一公开)."""

from datetime import date

from django.db.models import QuerySet, Sum
from django.utils import timezone

from skillcert.core.api_types import db_id
from skillcert.core.rules import rules
from skillcert.institutions.authority import in_region
from skillcert.institutions.models import Authority, Institution
from skillcert.institutions.selectors import authority_of
from skillcert.plans.models import Sitting

from .models import (
    AnnualInspection,
    AnnualItem,
    CreditEvent,
    InspectionDraw,
    InspectionTarget,
    Inspector,
    SittingSupervisor,
)


def acting_authority(user) -> Authority | None:
    """The authority the user works for (None: not authority staff)."""
    return authority_of(user) if user.is_authenticated else None


def region_institutions(authority: Authority) -> QuerySet[Institution]:
    return in_region(Institution.objects.all(), authority.region_prefix, field="")


def draw_pool(authority: Authority) -> list[int]:
    """INST-09: the institutions a draw picks from: the region's filed institutions."""
    found = region_institutions(authority).filter(status=Institution.FILED)
    return sorted(found.values_list("pk", flat=True))


def inspector_pool(authority: Authority) -> list[int]:
    found = Inspector.objects.filter(authority=authority, active=True)
    return sorted(found.values_list("pk", flat=True))


def inspectors_of(authority: Authority) -> QuerySet[Inspector]:
    return Inspector.objects.filter(authority=authority)


def inspector_of(authority: Authority, inspector_id) -> Inspector | None:
    pk = db_id(inspector_id)
    return inspectors_of(authority).filter(pk=pk).first() if pk else None


def draws_of(authority: Authority) -> QuerySet[InspectionDraw]:
    return InspectionDraw.objects.filter(authority=authority).prefetch_related(
        "targets__institution", "targets__inspectors"
    )


def draw_of(authority: Authority, draw_id) -> InspectionDraw | None:
    pk = db_id(draw_id)
    return draws_of(authority).filter(pk=pk).first() if pk else None


def target_of(draw: InspectionDraw, target_id) -> InspectionTarget | None:
    pk = db_id(target_id)
    return draw.targets.filter(pk=pk).select_related("institution").first() if pk else None


def targets_of(draw: InspectionDraw) -> QuerySet[InspectionTarget]:
    return draw.targets.select_related("institution").prefetch_related("inspectors")


def institution_of(authority: Authority, institution_id) -> Institution | None:
    """An institution of the authority's region, or None (another region's is None)."""
    pk = db_id(institution_id)
    return region_institutions(authority).filter(pk=pk).first() if pk else None


def published_draws() -> QuerySet[InspectionDraw]:
    """一公开: published draws with their results, for the public page (no login)."""
    return (
        InspectionDraw.objects.filter(published_at__isnull=False)
        .select_related("authority")
        .prefetch_related("targets__institution")
        .order_by("-published_at")
    )


def credit_events(institution: Institution) -> QuerySet[CreditEvent]:
    return CreditEvent.objects.filter(institution=institution).select_related("target__draw")


def credit_score(institution: Institution, *, on: date | None = None) -> int:
    """INST-09: the base score (rules) less the points of the events of the window."""
    on = on or timezone.localdate()
    r = rules()
    try:
        since = on.replace(year=on.year - r.credit_window_years)
    except ValueError:  # 29 February
        since = on.replace(year=on.year - r.credit_window_years, day=28)
    lost = (
        credit_events(institution)
        .filter(occurred_on__gt=since, occurred_on__lte=on)
        .aggregate(total=Sum("points"))["total"]
        or 0
    )
    return max(0, r.credit_base - lost)


def pending_sittings(institution: Institution) -> QuerySet[Sitting]:
    """INST-09: what a suspended institution must still settle: its sittings not yet closed."""
    return (
        Sitting.objects.filter(institution=institution)
        .exclude(status=Sitting.CLOSED)
        .select_related("occupation", "job_type")
        .order_by("theory_on", "pk")
    )


def sitting_in_region(authority: Authority, sitting_id) -> Sitting | None:
    pk = db_id(sitting_id)
    if not pk:
        return None
    found = in_region(Sitting.objects.filter(pk=pk), authority.region_prefix)
    return found.select_related("institution", "occupation").first()


def external_supervisors(sitting: Sitting) -> QuerySet[SittingSupervisor]:
    return SittingSupervisor.objects.filter(sitting=sitting).select_related("inspector")


def annual_items(year: int) -> QuerySet[AnnualItem]:
    return AnnualItem.objects.filter(year=year)


def annual_results(authority: Authority, year: int) -> QuerySet[AnnualInspection]:
    found = in_region(AnnualInspection.objects.filter(year=year), authority.region_prefix)
    return found.select_related("institution")


def supervisor_names(*, sitting: Sitting) -> list[tuple[str, str]]:
    """arrangement's hook: the sitting's external supervisors, for its staffing page."""
    return [(r.inspector.name, r.inspector.unit) for r in external_supervisors(sitting)]
