"""What the institution has to do next (待办), each computed with one aggregate query from
the predicates the owning apps keep (status fields and due dates they wrote), with a count,
the earliest deadline where the rule has one, and a link.

Only to-dos with something to do are returned, the earliest deadline first."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Count, Exists, F, Min, OuterRef, Q, Subquery, When
from django.urls import reverse

from skillcert.arrangement.implementation.models import ImplementationPlan
from skillcert.arrangement.implementation.services import plan_due_on
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration, Sitting
from skillcert.records.models import Complaint, Incident, SupervisionReport
from skillcert.scoring.models import Appeal, Result, ResultSubmission
from skillcert.violations.models import CorrectionNotice

from .. import deadlines
from ..counting import first_day, last_day
from ..models import ReportDelivery

FILING_WARN_DAYS = 90  # renewal takes an evaluation (INST-02): warn a quarter ahead


@dataclass(frozen=True)
class Todo:
    key: str
    label: str
    rule: str
    count: int
    url: str = ""
    due: date | None = None
    overdue: int = 0  # how many of `count` are past their deadline
    note: str = ""


def _by_sitting(qs) -> tuple[int, int | None, int]:
    """(how many rows, the first sitting they belong to, how many sittings): one GROUP BY."""
    rows = list(qs.values("sitting").annotate(n=Count("id")).order_by("sitting"))
    first = min((r["sitting"] for r in rows), default=None)
    return sum(r["n"] for r in rows), first, len(rows)


def registrations_to_review(inst: Institution, today: date) -> Todo:
    """PLAN-11: candidates' own applications waiting for the centre's review."""
    n, first, sittings = _by_sitting(
        Registration.objects.filter(institution=inst, status=Registration.PENDING)
    )
    return Todo(
        "registrations",
        "报名待审核",
        "PLAN-11",
        n,
        reverse("registration_review", args=[inst.pk, first]) if first else "",
        note=f"涉及{sittings}个批次" if sittings > 1 else "",
    )


def _latest_plan_state():
    latest = ImplementationPlan.objects.filter(sitting=OuterRef("pk")).order_by("-version")
    return Subquery(latest.values("state")[:1])


def _plan_due(sitting: Sitting) -> date | None:
    # The working-day calendar is Python's (core.workdays); the sittings came in one query.
    try:
        return plan_due_on(sitting)
    except DomainError:  # a year chinese-calendar does not know yet: no deadline shown
        return None


def plans_to_send(inst: Institution, today: date) -> Todo:
    """INST-13: open sittings still ahead whose plan was never sent or was returned; due 10
    working days before the first exam day (arrangement's plan_due_on)."""
    sittings = list(
        Sitting.objects.filter(institution=inst, status=Sitting.OPEN)
        .filter(Q(theory_on__gte=today) | Q(practical_on__gte=today))
        .annotate(plan_state=_latest_plan_state(), first=first_day())
        .filter(Q(plan_state__isnull=True) | Q(plan_state=ImplementationPlan.RETURNED))
        .order_by("first", "id")
    )
    # The due day grows with the first exam day, so the earliest sitting has the earliest
    # due day, and the overdue ones come first: stop at the first one not overdue (each
    # due day asks the holiday table once; a long list costs one more, not one each).
    dues = []
    for s in sittings:
        due = _plan_due(s)
        if due is not None:
            dues.append(due)
            if due >= today:
                break
    first = sittings[0] if sittings else None
    return Todo(
        "implementation_plan",
        "实施方案待报送人社部门",
        "INST-13",
        len(sittings),
        reverse("implementation_plan", args=[inst.pk, first.pk]) if first else "",
        due=min(dues, default=None),
        overdue=sum(1 for d in dues if d < today),
    )


def results_to_submit(inst: Institution, today: date) -> Todo:
    """INST-14: sittings with results whose latest submission is missing or was returned."""
    latest = ResultSubmission.objects.filter(sitting=OuterRef("pk")).order_by("-version")
    rows = list(
        Sitting.objects.filter(institution=inst)
        .filter(Exists(Result.objects.filter(registration__sitting=OuterRef("pk"))))
        .annotate(state=Subquery(latest.values("state")[:1]))
        .filter(Q(state__isnull=True) | Q(state=ResultSubmission.RETURNED))
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    return Todo(
        "results",
        "成绩待报送人社部门",
        "INST-14",
        len(rows),
        reverse("results_submission", args=[inst.pk, rows[0]]) if rows else "",
    )


def appeals_open(inst: Institution, today: date) -> Todo:
    """SCORE-05: appeals not answered yet; each carries its due day."""
    agg = Appeal.objects.filter(institution=inst, status=Appeal.PENDING).aggregate(
        n=Count("id"), due=Min("due_on"), late=Count("id", filter=Q(due_on__lt=today))
    )
    return Todo(
        "appeals",
        "成绩复核申请待答复",
        "SCORE-05",
        agg["n"],
        reverse("appeals_queue", args=[inst.pk]),
        due=agg["due"],
        overdue=agg["late"],
    )


def complaints_open(inst: Institution, today: date) -> Todo:
    """REC-04: registered ones wait for the 3-working-day decision whether to investigate,
    investigated ones for the 7-working-day decision (the due days the service stored)."""
    due = Case(When(status=Complaint.REGISTERED, then=F("accept_due")), default=F("decision_due"))
    agg = (
        Complaint.objects.filter(
            institution=inst, status__in=[Complaint.REGISTERED, Complaint.INVESTIGATING]
        )
        .annotate(due=due)
        .aggregate(n=Count("id"), first=Min("due"), late=Count("id", filter=Q(due__lt=today)))
    )
    return Todo(
        "complaints",
        "投诉待决定",
        "REC-04",
        agg["n"],
        reverse("complaints", args=[inst.pk]),
        due=agg["first"],
        overdue=agg["late"],
    )


def incidents_open(inst: Institution, today: date) -> Todo:
    """REC-05: incidents still open, i.e. without their final report."""
    n, first, _ = _by_sitting(Incident.objects.filter(institution=inst, status=Incident.OPEN))
    return Todo(
        "incidents",
        "突发事件待提交终结报告",
        "REC-05",
        n,
        reverse("incidents", args=[inst.pk, first]) if first else "",
    )


def supervision_reports_missing(inst: Institution, today: date) -> Todo:
    """REC-06: sittings held (last day today or earlier) whose group report is not signed by
    all; due `supervision_report_days` after the last day."""
    signed = SupervisionReport.objects.filter(
        sitting=OuterRef("pk"), status=SupervisionReport.SIGNED
    )
    agg = (
        Sitting.objects.filter(institution=inst)
        .annotate(last=last_day())
        .filter(last__lte=today)
        .exclude(Exists(signed))
        .aggregate(n=Count("id"), earliest=Min("last"), first=Min("id"))
    )
    days = timedelta(days=rules().supervision_report_days)
    late = (
        Sitting.objects.filter(institution=inst)
        .annotate(last=last_day())
        .filter(last__lt=today - days)
        .exclude(Exists(signed))
        .count()
    )
    first = agg["first"]
    return Todo(
        "supervision",
        "质量督导报告未提交",
        "REC-06",
        agg["n"],
        reverse("supervision_report", args=[inst.pk, first]) if first else "",
        due=agg["earliest"] + days if agg["earliest"] else None,
        overdue=late,
    )


def corrections_unsent(inst: Institution, today: date) -> Todo:
    """VIOL-05 / CERT-08: voids not yet reported upward (the certificate data feed)."""
    n = CorrectionNotice.objects.filter(institution=inst, sent=False).count()
    return Todo(
        "corrections",
        "证书数据更正待报送",
        "VIOL-05",
        n,
        reverse("certificate_feeds", args=[inst.pk]),
    )


def _delivered(inst: Institution, kind: str, start: date, end: date) -> bool:
    return ReportDelivery.objects.filter(
        institution=inst, kind=kind, period_start__lte=start, period_end__gte=end
    ).exists()


def _filed_before(inst: Institution, day: date) -> bool:
    return inst.filed_on is not None and inst.filed_on <= day


def yearly_report(inst: Institution, today: date) -> Todo:
    """REC-08: last year's report, due by 10 January, until a delivery covers the year."""
    year = today.year - 1
    start, end = date(year, 1, 1), date(year, 12, 31)
    wanted = _filed_before(inst, end) and not _delivered(inst, ReportDelivery.YEARLY, start, end)
    due = deadlines.yearly_due(year)
    return Todo(
        "yearly_report",
        f"{year}年度报告待报送",
        "REC-08",
        int(wanted),
        url=reverse("reports_home", args=[inst.pk]),
        due=due if wanted else None,
        overdue=int(wanted and today > due),
    )


def _last_quarter(today: date) -> tuple[int, int]:
    q = (today.month - 1) // 3  # the quarter before today's (0: last year's fourth)
    return (today.year, q) if q else (today.year - 1, 4)


def quarterly_statistics(inst: Institution, today: date) -> Todo:
    """REC-08: the statistics of the last finished quarter, due 10 days after it ends."""
    year, quarter = _last_quarter(today)
    start, end = deadlines.quarter_bounds(year, quarter)
    wanted = _filed_before(inst, end) and not _delivered(inst, ReportDelivery.PERIODIC, start, end)
    due = deadlines.quarter_due(year, quarter)
    return Todo(
        "quarterly_statistics",
        f"{year}年第{quarter}季度统计表待报送",
        "REC-08",
        int(wanted),
        url=reverse("reports_home", args=[inst.pk]),
        due=due if wanted else None,
        overdue=int(wanted and today > due),
    )


def filing_expiring(inst: Institution, today: date) -> Todo:
    """INST-04: the filing ends after its valid years; warn FILING_WARN_DAYS ahead."""
    until = inst.filing_valid_until
    wanted = (
        inst.status == Institution.FILED
        and until is not None
        and until - today <= timedelta(days=FILING_WARN_DAYS)
    )
    return Todo(
        "filing",
        "备案即将到期" if wanted and until > today else "备案已到期",
        "INST-04",
        int(wanted),
        reverse("filing_list", args=[inst.pk]),
        due=until if wanted else None,
        overdue=int(wanted and today >= until),
    )


TODOS = (
    registrations_to_review,
    plans_to_send,
    results_to_submit,
    appeals_open,
    complaints_open,
    incidents_open,
    supervision_reports_missing,
    corrections_unsent,
    yearly_report,
    quarterly_statistics,
    filing_expiring,
)


def todos_of(inst: Institution, today: date) -> list[Todo]:
    """The to-dos with something to do, the earliest deadline first (none last)."""
    found = [t for t in (todo(inst, today) for todo in TODOS) if t.count]
    return sorted(found, key=lambda t: (t.due is None, t.due or today, t.key))
