"""Which file goes upward for a kind of report, and for which period (REC-08): the .xlsx in
the authority's layout (the Word files are the office's working copies). Reads only; the
"sent" record is reports.services."""

from dataclasses import dataclass
from datetime import date

from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting

from ..models import ReportDelivery as D
from .application import application_xlsx
from .figures import quarter_checked, year_checked
from .periodic import periodic_xlsx
from .sittings import days
from .summary import summary_xlsx
from .yearly import yearly_xlsx

SITTING_KINDS = (D.SUMMARY, D.APPLICATION)


@dataclass(frozen=True)
class Outgoing:
    kind: str
    period_start: date
    period_end: date
    sitting: Sitting | None
    content: bytes


def sitting_period(sitting: Sitting) -> tuple[date, date]:
    """A sitting's report covers its exam days; one never scheduled, the day it was made."""
    first, last = days(sitting)
    made = sitting.created_at.date()
    return first or made, last or made


def outgoing(
    *,
    institution: Institution,
    kind: str,
    on: date,
    year: int | None = None,
    quarter: int | None = None,
    sitting: Sitting | None = None,
) -> Outgoing:
    """The file of `kind` as it would be sent today, with its period."""
    if kind == D.YEARLY:
        year = year_checked(year)
        content = yearly_xlsx(institution, year, on=on)
        return Outgoing(kind, date(year, 1, 1), date(year, 12, 31), None, content)
    if kind == D.PERIODIC:
        start, end = quarter_checked(year, quarter)
        return Outgoing(kind, start, end, None, periodic_xlsx(institution, year, quarter, on=on))
    if kind in SITTING_KINDS:
        if sitting is None:
            raise DomainError("report_sitting", "请选择批次", field="sitting", rule="REC-08")
        build = summary_xlsx if kind == D.SUMMARY else application_xlsx
        start, end = sitting_period(sitting)
        return Outgoing(kind, start, end, sitting, build(sitting, on=on))
    raise DomainError("report_kind", "报表类型无效", field="kind", rule="REC-08")


def deliveries_of(institution: Institution, *, limit: int = 100) -> list[D]:
    return list(
        D.objects.filter(institution=institution)
        .select_related("sitting", "sent_by")
        .order_by("-sent_at", "-pk")[:limit]
    )
