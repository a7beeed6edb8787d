"""Overdue reports of the authority's region (REC-08 and the deadlines the system already
keeps): the yearly report and the periodic statistics not delivered by their due date
(reports.models.ReportDelivery, reports.deadlines), implementation plans not sent in time
(INST-13), results notices late or missing (SCORE-04) and supervision reports late or
missing (REC-06).

Each deadline is the owning app's own function of the sitting's date (plan_due_on,
notice_due_on, last_day + supervision_report_days). They grow with the date, so the latest
sitting day whose deadline has passed is found by bisection over those functions, and the
database is asked one COUNT per kind with that day as the bound: no sitting is judged in a
Python loop. 逾期未报: nothing sent and the due day passed; 逾期报送: sent after the due day."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from skillcert.arrangement.implementation.models import ImplementationPlan
from skillcert.arrangement.implementation.services import plan_due_on
from skillcert.core import tenancy
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.institutions.models import Institution
from skillcert.records.models.supervision_report import SupervisionReport
from skillcert.records.supervision_report.services import last_day
from skillcert.scoring.models import ResultNotice
from skillcert.scoring.services.notices import notice_due_on

from .. import counting
from ..deadlines import quarter_bounds, quarter_due, yearly_due
from ..models import ReportDelivery
from .activity import sittings_in
from .dashboard import institutions_in
from .filters import Filters
from .tables import Section, Table

MISSING, LATE = "missing", "late"
KINDS = {
    "yearly": "年度报告（REC-08）",
    "periodic": "定期统计表（REC-08）",
    "plan": "实施方案（INST-13）",
    "notice": "成绩通知（SCORE-04）",
    "supervision": "质量督导报告（REC-06）",
}


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date
    due: date

    @property
    def label(self) -> str:
        return f"{self.start}至{self.end}"


def report_periods(f: Filters) -> list[Period]:
    """Yearly and quarterly periods whose due day lies in the filter period and has passed."""
    found = []
    for year in range(f.start.year - 1, f.end.year + 1):
        found.append(Period("yearly", date(year, 1, 1), date(year, 12, 31), yearly_due(year)))
        for q in (1, 2, 3, 4):
            first, last = quarter_bounds(year, q)
            found.append(Period("periodic", first, last, quarter_due(year, q)))
    return [p for p in found if f.start <= p.due <= f.end and p.due < f.today]


def _end_of(day: date):
    return timezone.make_aware(datetime.combine(day, time.max))


def obliged(f: Filters, period: Period) -> QuerySet[Institution]:
    """Institutions filed before the period ended (suspended ones still report, INST-09),
    marked with whether they sent the report at all and whether in time."""
    sent = ReportDelivery.objects.filter(
        institution=OuterRef("pk"),
        kind=period.kind,
        period_start=period.start,
        period_end=period.end,
    )
    return (
        institutions_in(f)
        .filter(status__in=[Institution.FILED, Institution.SUSPENDED], filed_on__lte=period.end)
        .annotate(sent=Exists(sent), in_time=Exists(sent.filter(sent_at__lte=_end_of(period.due))))
    )


def latest_overdue_day(due_of, today: date) -> date:
    """The latest day d with due_of(d) < today (due_of grows with d), by bisection. A day of
    a year whose calendar is unknown (core.workdays raises) lies ahead: not due yet."""

    def passed(day: date) -> bool:
        try:
            return due_of(day) < today
        except DomainError:
            return day <= today

    lo, hi = today - timedelta(days=400), today + timedelta(days=120)
    while (hi - lo).days > 1:
        mid = lo + (hi - lo) / 2
        lo, hi = (mid, hi) if passed(mid) else (lo, mid)
    return lo


def _day(**dates):
    return SimpleNamespace(**({"theory_on": None, "practical_on": None} | dates))


def plan_missing(f: Filters) -> QuerySet:
    """INST-13: sittings without any plan sent whose plan was due before today (a late plan
    is refused by plan_submit, so there is no "sent late")."""
    bound = latest_overdue_day(lambda d: plan_due_on(_day(theory_on=d)), f.today)
    sent = ImplementationPlan.objects.filter(sitting=OuterRef("pk"))
    return sittings_in(f).filter(first_day__lte=bound).exclude(Exists(sent))


def notice_rows(f: Filters) -> tuple[QuerySet, QuerySet]:
    """SCORE-04: sittings whose notice day passed with no notice, and notices sent late."""
    bound = latest_overdue_day(lambda d: notice_due_on(_day(practical_on=d)), f.today)
    sittings = sittings_in(f).annotate(notice_day=Coalesce("practical_on", "theory_on"))
    missing = sittings.filter(notice_day__lte=bound).exclude(
        Exists(ResultNotice.objects.filter(sitting=OuterRef("pk")))
    )
    late = ResultNotice.objects.filter(late=True, sitting__in=sittings_in(f).values("pk"))
    return missing, late


def supervision_rows(f: Filters) -> tuple[QuerySet, QuerySet]:
    """REC-06: reports not signed by all after their due day (or never started once the
    sitting's last day + supervision_report_days passed), and reports signed late."""
    days = rules().supervision_report_days
    bound = latest_overdue_day(
        lambda d: last_day(_day(theory_on=d)) + timedelta(days=days), f.today
    )
    sittings = sittings_in(f).annotate(last=counting.last_day())
    unsigned = Q(supervision_report__isnull=True, last__lte=bound) | Q(
        supervision_report__due_on__lt=f.today,
        supervision_report__status__in=[SupervisionReport.DRAFT, SupervisionReport.SIGNING],
    )
    late = SupervisionReport.objects.filter(late=True, sitting__in=sittings_in(f).values("pk"))
    return sittings.filter(unsigned), late


def _count_by_institution(qs: QuerySet, field: str = "institution") -> dict:
    rows = qs.values(f"{field}_id", f"{field}__name").annotate(n=Count("pk")).order_by()
    return {(r[f"{field}__name"], r[f"{field}_id"]): r["n"] for r in rows}


@tenancy.across_institutions("REC-08")
def overdue_counts(f: Filters) -> dict[str, dict[str, dict]]:
    """kind -> {"missing": {(name, id): n}, "late": {...}, "due": total obliged}."""
    out = {k: {MISSING: {}, LATE: {}, "due": 0} for k in KINDS}
    for period in report_periods(f):
        bucket = out[period.kind]
        rows = (
            obliged(f, period)
            .values("pk", "name")
            .annotate(
                n=Count("pk"),
                missing=Count("pk", filter=Q(sent=False)),
                late=Count("pk", filter=Q(sent=True, in_time=False)),
            )
        )
        for r in rows.order_by():
            bucket["due"] += r["n"]
            for state in (MISSING, LATE):
                if r[state]:
                    key = (r["name"], r["pk"])
                    bucket[state][key] = bucket[state].get(key, 0) + r[state]
    out["plan"][MISSING] = _count_by_institution(plan_missing(f))
    missing, late = notice_rows(f)
    out["notice"][MISSING], out["notice"][LATE] = (
        _count_by_institution(missing),
        _count_by_institution(late),
    )
    missing, late = supervision_rows(f)
    out["supervision"][MISSING], out["supervision"][LATE] = (
        _count_by_institution(missing),
        _count_by_institution(late),
    )
    return out


def overdue_section(f: Filters) -> Section:
    counts = overdue_counts(f)
    by_kind = Table("by_kind", "按报送事项", ["事项", "逾期未报", "逾期报送"], chart="bar")
    per: dict = {}
    for kind, label in KINDS.items():
        missing, late = counts[kind][MISSING], counts[kind][LATE]
        by_kind.add([label, sum(missing.values()), sum(late.values())], {"kind": kind})
        for state, found in ((MISSING, missing), (LATE, late)):
            for key, n in found.items():
                per.setdefault(key, {MISSING: 0, LATE: 0})[state] += n
    by_inst = Table("by_institution", "按机构", ["机构", "逾期未报", "逾期报送"], chart="bar")
    for (name, pk), s in sorted(per.items()):
        by_inst.add([name, s[MISSING], s[LATE]], {"institution": pk})
    return Section(
        "overdue",
        "逾期报送",
        "年度报告次年1月10日前、定期统计表季度结束后10日内报送；统计截止日在统计期内且已过的计入。"
        "实施方案、成绩通知、督导报告按批次首个考试日期计入统计期。",
        [by_kind, by_inst],
    )
