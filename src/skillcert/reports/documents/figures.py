"""The figures every document reports, from aggregate queries only (the yearly report of an
institution with 5,000 certificates answers in well under 2 s: a handful of GROUP BY queries,
no loop over rows in Python).

Definitions (the documents of 002/003 give the column names, not how to count; decided here):
- a sitting belongs to the period of its first exam day: the theory day, else the practical
  day (a sitting without either has not been held and is in no period);
- registered (报名): approved registrations (PLAN-08; refused and cancelled ones never sat);
- sat (实考) in a subject: a score of this sitting, not absent and not carried from an earlier
  sitting (SCORE-02); sat overall: sat at least one subject;
- passed (合格) in a subject: sat it with a score ≥ the pass mark (SCORE-01); passed overall:
  the result's pass decision; pass rate (合格率) = passed ÷ sat;
- certificates issued/voided (CERT-08): by issue day / void day inside the period;
- violations: confirmed ones (VIOL), by the day they occurred; complaints by the day received
  (REC-04); incidents by the day they occurred (REC-05)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.certificates.models import Certificate
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.institutions.models import Institution
from skillcert.people.models import Examiner, ExamStaff, Expert, QualitySupervisor
from skillcert.plans.models import Registration, Sitting
from skillcert.records.models import Complaint, Incident
from skillcert.records.models.incidents import MAJOR
from skillcert.scoring.models import PRACTICAL, THEORY
from skillcert.violations.models import Violation

from .. import deadlines

FIRST_YEAR = 2000  # the national certificate system and this database start long after


def year_checked(year) -> int:
    """REC-08: a year that has begun (the current one is a preview; sending waits for its end)."""
    today = timezone.localdate()
    if not isinstance(year, int) or not FIRST_YEAR <= year <= today.year:
        raise DomainError(
            "report_year",
            f"统计年度应为{FIRST_YEAR}年至{today.year}年之间的年份",
            field="year",
            rule="REC-08",
        )
    return year


def quarter_checked(year, quarter) -> tuple[date, date]:
    """REC-08 periodic statistics: a quarter 1..4 that has begun; its first and last day."""
    year_checked(year)
    if quarter not in (1, 2, 3, 4):
        raise DomainError("report_quarter", "季度应为1至4", field="quarter", rule="REC-08")
    start, end = deadlines.quarter_bounds(year, quarter)
    if start > timezone.localdate():
        raise DomainError(
            "report_quarter", f"{year}年第{quarter}季度尚未开始", field="quarter", rule="REC-08"
        )
    return start, end


def _held_in(start: date, end: date, prefix: str = "") -> Q:
    theory, practical = f"{prefix}theory_on", f"{prefix}practical_on"
    return Q(**{f"{theory}__range": (start, end)}) | Q(
        **{f"{theory}__isnull": True, f"{practical}__range": (start, end)}
    )


def _subject(subject: str) -> tuple[Q, Q]:
    """(sat, passed) of one subject, on Registration rows."""
    other = PRACTICAL if subject == THEORY else THEORY
    sat = Q(
        **{
            f"result__{subject}_absent": False,
            f"result__{subject}_score__isnull": False,
            "result__carried_subject__in": ("", other),
        }
    )
    return sat, sat & Q(**{f"result__{subject}_score__gte": rules().pass_mark})


def _counts() -> dict:
    theory_sat, theory_passed = _subject(THEORY)
    practical_sat, practical_passed = _subject(PRACTICAL)
    return {
        "registered": Count("id"),
        "sat": Count("id", filter=theory_sat | practical_sat),
        "passed": Count("id", filter=Q(result__passed=True)),
        "theory_sat": Count("id", filter=theory_sat),
        "theory_passed": Count("id", filter=theory_passed),
        "practical_sat": Count("id", filter=practical_sat),
        "practical_passed": Count("id", filter=practical_passed),
    }


def rate(passed: int, sat: int) -> str:
    """合格率 as the authority's tables print it: a percentage with one decimal, "—" for none."""
    if not sat:
        return "—"
    return f"{(Decimal(passed) * 100 / sat).quantize(Decimal('0.1'))}%"


@dataclass
class Counts:
    registered: int = 0
    sat: int = 0
    passed: int = 0
    theory_sat: int = 0
    theory_passed: int = 0
    practical_sat: int = 0
    practical_passed: int = 0

    @property
    def rate(self) -> str:
        return rate(self.passed, self.sat)


def sitting_counts(sitting: Sitting) -> Counts:
    """Registered, sat and passed of one sitting, overall and by subject."""
    qs = Registration.objects.filter(sitting=sitting, status=Registration.APPROVED)
    return Counts(**qs.aggregate(**_counts()))


@dataclass
class Line:
    """One line of the yearly/periodic table: an occupation (job type) and level."""

    code: str
    occupation: str
    level: int
    sittings: int = 0
    counts: Counts = field(default_factory=Counts)
    issued: int = 0
    voided: int = 0

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, str(self.level))


def _line(lines: dict, code: str, name: str, level: int) -> Line:
    key = (code, level)
    if key not in lines:
        lines[key] = Line(code, name, level)
    return lines[key]


def period_lines(institution: Institution, start: date, end: date) -> list[Line]:
    """By occupation and level: sittings held, registered, sat, passed (and by subject),
    certificates issued and voided in the period. Four GROUP BY queries."""
    lines: dict = {}
    occ = ("occupation__code", "occupation__name", "level")
    sittings = Sitting.objects.filter(_held_in(start, end), institution=institution)
    for row in sittings.values(*occ).annotate(n=Count("id")).order_by():
        _line(lines, *(row[k] for k in occ)).sittings = row["n"]
    regs = Registration.objects.filter(
        _held_in(start, end, "sitting__"), institution=institution, status=Registration.APPROVED
    )
    keys = tuple(f"sitting__{k}" for k in occ)
    for row in regs.values(*keys).annotate(**_counts()).order_by():
        line = _line(lines, *(row.pop(k) for k in keys))
        line.counts = Counts(**row)
    certs = Certificate.objects.filter(institution=institution)
    cert_keys = ("occupation_code", "occupation_name", "level")
    issued = certs.filter(issued_on__range=(start, end)).values(*cert_keys)
    for row in issued.annotate(n=Count("id")).order_by():
        _line(lines, *(row[k] for k in cert_keys)).issued = row["n"]
    voided = certs.filter(status=Certificate.VOID, voided_on__range=(start, end))
    for row in voided.values(*cert_keys).annotate(n=Count("id")).order_by():
        _line(lines, *(row[k] for k in cert_keys)).voided = row["n"]
    return sorted(lines.values(), key=lambda x: (x.code, -x.level))


def total_line(lines: list[Line]) -> Line:
    total = Line("", "合计", 0)
    for line in lines:
        total.sittings += line.sittings
        total.issued += line.issued
        total.voided += line.voided
        for name in vars(total.counts):
            setattr(total.counts, name, getattr(total.counts, name) + getattr(line.counts, name))
    return total


def _day_range(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end, time.max, tz)


@dataclass(frozen=True)
class Others:
    """Violations, complaints, incidents and the institution's people (yearly report)."""

    violations: int
    violations_by_category: list[tuple[str, int]]
    complaints: int
    complaints_decided: int
    incidents: int
    incidents_major: int
    examiners: int
    supervisors: int
    experts: int
    staff: int


def violation_categories(qs) -> list[tuple[str, int]]:
    labels = dict(Violation._meta.get_field("category").choices)
    rows = qs.values("category").annotate(n=Count("id")).order_by("-n", "category")
    return [(labels.get(r["category"], r["category"]), r["n"]) for r in rows]


def period_others(institution: Institution, start: date, end: date) -> Others:
    moments = _day_range(start, end)
    violations = Violation.objects.filter(
        institution=institution, status=Violation.CONFIRMED, occurred_at__range=moments
    )
    complaints = Complaint.objects.filter(institution=institution, received_on__range=(start, end))
    incidents = Incident.objects.filter(institution=institution, occurred_at__range=moments)
    c = complaints.aggregate(
        n=Count("id"),
        decided=Count("id", filter=Q(status__in=(Complaint.DECIDED, Complaint.ARCHIVED))),
    )
    i = incidents.aggregate(n=Count("id"), major=Count("id", filter=Q(severity=MAJOR)))
    return Others(
        violations=violations.count(),
        violations_by_category=violation_categories(violations),
        complaints=c["n"],
        complaints_decided=c["decided"],
        incidents=i["n"],
        incidents_major=i["major"],
        examiners=Examiner.objects.filter(institution=institution, status=Examiner.ACTIVE).count(),
        supervisors=QualitySupervisor.objects.filter(institution=institution, active=True).count(),
        experts=Expert.objects.filter(institution=institution).count(),
        staff=ExamStaff.objects.filter(institution=institution, active=True).count(),
    )
