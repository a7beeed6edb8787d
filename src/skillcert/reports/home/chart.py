"""Registrations and passes per month of a year, for the home page's chart (Chart.js, drawn
by static/reports/home.js from a json_script element).

Both are counted by the month of the sitting's first exam day, the month candidates sat:
registrations that were not cancelled, and results marked passed (SCORE-01). Two grouped
queries, whatever the number of sittings."""

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth

from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration
from skillcert.scoring.models import Result

from ..counting import first_day

MONTHS = [f"{m}月" for m in range(1, 13)]


def _per_month(qs, prefix: str, year: int) -> list[int]:
    rows = (
        qs.annotate(day=first_day(prefix))
        .filter(day__year=year)
        .annotate(month=ExtractMonth("day"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    counts = [0] * 12
    for r in rows:
        counts[r["month"] - 1] = r["n"]
    return counts


def monthly_figures(inst: Institution, year: int) -> dict:
    """{"year", "labels", "registrations", "passes"}: twelve counts each, January first."""
    regs = Registration.objects.filter(institution=inst).filter(~Q(status=Registration.CANCELLED))
    passes = Result.objects.filter(institution=inst, passed=True)
    return {
        "year": year,
        "labels": MONTHS,
        "registrations": _per_month(regs, "sitting__", year),
        "passes": _per_month(passes, "registration__sitting__", year),
    }
