"""Institutions, certificates, complaints and incidents, inspections of the authority's
region (REC-08, CERT-08, REC-04, REC-05, INST-09, INST-10): each table one GROUP BY (values +
annotate with conditional Counts), folded by group where one query serves several tables.

What the figures count: institutions are counted as they stand today (kind, filing state);
certificates issued by their issue date in the period, voided by their void date in the
period (CERT-08: a voided certificate was also issued, so it counts in both when both dates
fall in the period); complaints by the day received, incidents by the time they occurred;
inspection findings by the day the draw was made, annual inspections by their year, credit
deductions by the day of the event."""

from collections import defaultdict

from django.db.models import Avg, Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.certificates.models import Certificate
from skillcert.core import tenancy
from skillcert.institutions.authority import in_region
from skillcert.institutions.models import Institution, ScopeRow
from skillcert.institutions.selectors import with_valid_filing
from skillcert.records.models import Complaint, Incident
from skillcert.records.models.incidents import SEVERITIES
from skillcert.supervision.models import AnnualInspection, CreditEvent, InspectionTarget

from .activity import month_label
from .filters import Filters
from .tables import Section, Table


def scoped(qs: QuerySet, f: Filters, *, field: str = "institution") -> QuerySet:
    """Rows of the region, and of the filtered institution."""
    qs = in_region(qs, f.prefix, field=field)
    return qs.filter(**{f"{field}_id": f.institution_id}) if f.institution_id else qs


def institutions_in(f: Filters) -> QuerySet[Institution]:
    qs = Institution.objects.all()
    if f.prefix:
        qs = qs.filter(region_code__startswith=f.prefix)
    if f.institution_id:
        qs = qs.filter(pk=f.institution_id)
    if f.occupation:  # institutions whose filed scope holds the occupation (INST-12)
        scope = ScopeRow.objects.filter(occupation__code=f.occupation).values("institution_id")
        qs = qs.filter(pk__in=scope)
    return qs


@tenancy.across_institutions("REC-08")
def institutions_section(f: Filters) -> Section:
    qs = institutions_in(f)
    counts = {
        (r["kind"], r["status"]): r["n"]
        for r in qs.values("kind", "status").annotate(n=Count("pk")).order_by()
    }
    statuses = Institution.STATUSES
    by_kind = Table(
        "by_kind", "按类型与备案状态", ["机构类型", *[s[1] for s in statuses], "合计"], chart="bar"
    )
    for kind, label in Institution.KINDS:
        cells = [counts.get((kind, s), 0) for s, _ in statuses]
        by_kind.add([label, *cells, sum(cells)], {"kind": kind})
    valid = with_valid_filing(qs, on=f.today).count()
    filed = sum(n for (_, s), n in counts.items() if s == Institution.FILED)
    state = Table("by_state", "备案状态", ["状态", "机构数"], chart="doughnut")
    state.add(["备案有效", valid], {"status": "valid"})
    state.add(["已备案但已过有效期（INST-04）", filed - valid], {"status": "expired"})
    for status, label in statuses:
        if status != Institution.FILED:
            state.add(
                [label, sum(n for (_, s), n in counts.items() if s == status)], {"status": status}
            )
    return Section("institutions", "评价机构", "按今日状态统计，不受统计期限制。", [by_kind, state])


# --- certificates (CERT-08) ------------------------------------------------------------


def certificates_in(f: Filters) -> QuerySet[Certificate]:
    qs = scoped(Certificate.objects.all(), f)
    return qs.filter(occupation_code=f.occupation) if f.occupation else qs


GROUP = ("institution_id", "institution__name", "occupation_code", "occupation_name", "level")


def _certificate_groups(f: Filters) -> list[dict]:
    """Issued and voided per institution, occupation, level and month: two GROUP BYs."""
    issued = (
        certificates_in(f)
        .filter(issued_on__gte=f.start, issued_on__lte=f.end)
        .values(*GROUP, month=TruncMonth("issued_on"))
        .annotate(issued=Count("pk"))
        .order_by()
    )
    voided = (
        certificates_in(f)
        .filter(status=Certificate.VOID, voided_on__gte=f.start, voided_on__lte=f.end)
        .values(*GROUP, month=TruncMonth("voided_on"))
        .annotate(voided=Count("pk"))
        .order_by()
    )
    return [r | {"voided": 0} for r in issued] + [r | {"issued": 0} for r in voided]


def _sum(rows: list[dict], key) -> dict:
    out: dict = defaultdict(lambda: {"issued": 0, "voided": 0})
    for row in rows:
        out[key(row)]["issued"] += row["issued"]
        out[key(row)]["voided"] += row["voided"]
    return out


@tenancy.across_institutions("REC-08")
def certificates_section(f: Filters) -> Section:
    rows = _certificate_groups(f)
    cols = ["核发证书", "作废证书"]
    total = Table("totals", "合计", ["范围", *cols])
    s = _sum(rows, lambda r: "all")["all"]
    total.add(["全部", s["issued"], s["voided"]])
    by_month = Table("by_month", "按月份", ["月份", *cols], chart="line")
    for (label,), s in sorted(_sum(rows, lambda r: (month_label(r["month"]),)).items()):
        by_month.add([label, s["issued"], s["voided"]], {"month": label})
    by_occ = Table("by_occupation", "按职业", ["职业编码", "职业", *cols], chart="bar", labels=2)
    occ = _sum(rows, lambda r: (r["occupation_code"], r["occupation_name"]))
    for (code, name), s in sorted(occ.items()):
        by_occ.add([code, name, s["issued"], s["voided"]], {"occupation": code})
    by_level = Table("by_level", "按等级", ["等级", *cols], chart="bar")
    for level, s in sorted(_sum(rows, lambda r: r["level"]).items()):
        by_level.add(
            [LEVEL_LABELS.get(level, str(level)), s["issued"], s["voided"]], {"level": level}
        )
    by_inst = Table("by_institution", "按机构", ["机构", *cols], chart="bar")
    inst = _sum(rows, lambda r: (r["institution__name"], r["institution_id"]))
    for (name, pk), s in sorted(inst.items()):
        by_inst.add([name, s["issued"], s["voided"]], {"institution": pk})
    return Section(
        "certificates",
        "证书核发与作废",
        "核发按发证日期、作废按作废日期计入统计期（CERT-08）。",
        [total, by_month, by_occ, by_level, by_inst],
    )


# --- complaints (REC-04) and incidents (REC-05) --------------------------------------

OPEN_COMPLAINTS = [Complaint.REGISTERED, Complaint.INVESTIGATING]


def complaints_in(f: Filters) -> QuerySet[Complaint]:
    qs = scoped(Complaint.objects.all(), f).filter(received_on__gte=f.start, received_on__lte=f.end)
    return qs.filter(sitting__occupation__code=f.occupation) if f.occupation else qs


def incidents_in(f: Filters) -> QuerySet[Incident]:
    qs = scoped(Incident.objects.all(), f).filter(
        occurred_at__date__gte=f.start, occurred_at__date__lte=f.end
    )
    return qs.filter(sitting__occupation__code=f.occupation) if f.occupation else qs


@tenancy.across_institutions("REC-08")
def complaints_section(f: Filters) -> Section:
    by_status = Table(
        "complaints_by_status", "投诉按状态（REC-04）", ["状态", "投诉数"], chart="doughnut"
    )
    counts = dict(
        complaints_in(f).values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    for status, label in Complaint.STATUSES:
        by_status.add([label, counts.get(status, 0)], {"kind": "complaint", "status": status})
    by_inst = Table(
        "by_institution",
        "按机构",
        ["机构", "投诉数", "投诉处理中", "重大事件", "一般事件"],
        chart="bar",
    )
    complaints = (
        complaints_in(f)
        .values("institution_id", "institution__name")
        .annotate(n=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_COMPLAINTS)))
    )
    incidents = (
        incidents_in(f)
        .values("institution_id", "institution__name")
        .annotate(
            major=Count("pk", filter=Q(severity="major")),
            general=Count("pk", filter=Q(severity="general")),
        )
    )
    merged: dict = defaultdict(lambda: {"n": 0, "open": 0, "major": 0, "general": 0})
    for row in [*complaints.order_by(), *incidents.order_by()]:
        key = (row["institution__name"], row["institution_id"])
        for name in ("n", "open", "major", "general"):
            merged[key][name] += row.get(name, 0)
    for (name, pk), s in sorted(merged.items()):
        by_inst.add([name, s["n"], s["open"], s["major"], s["general"]], {"institution": pk})
    by_severity = Table(
        "incidents_by_severity",
        "突发事件按等级与状态（REC-05）",
        ["事件等级", "处理中", "已结案", "合计"],
    )
    inc = {
        (r["severity"], r["status"]): r["n"]
        for r in incidents_in(f).values("severity", "status").annotate(n=Count("pk")).order_by()
    }
    for severity, label in SEVERITIES:
        cells = [inc.get((severity, s), 0) for s, _ in Incident.STATUSES]
        by_severity.add([label, *cells, sum(cells)], {"kind": "incident", "severity": severity})
    return Section(
        "complaints",
        "投诉与突发事件",
        "投诉按收到日期、突发事件按发生时间计入统计期。",
        [by_status, by_severity, by_inst],
    )


# --- inspections (INST-09, INST-10) ----------------------------------------------------


def targets_in(f: Filters) -> QuerySet[InspectionTarget]:
    return scoped(InspectionTarget.objects.all(), f).filter(
        draw__drawn_at__date__gte=f.start, draw__drawn_at__date__lte=f.end
    )


def credit_in(f: Filters) -> QuerySet[CreditEvent]:
    return scoped(CreditEvent.objects.all(), f).filter(
        occurred_on__gte=f.start, occurred_on__lte=f.end
    )


def annual_in(f: Filters) -> QuerySet[AnnualInspection]:
    return scoped(AnnualInspection.objects.all(), f).filter(
        year__gte=f.start.year, year__lte=f.end.year
    )


@tenancy.across_institutions("REC-08")
def inspections_section(f: Filters) -> Section:
    outcomes = InspectionTarget.OUTCOMES
    by_outcome = Table(
        "findings_by_outcome",
        "双随机抽查结果（INST-09）",
        ["检查结果", "机构次数"],
        chart="doughnut",
    )
    counts = dict(
        targets_in(f).values("outcome").annotate(n=Count("pk")).values_list("outcome", "n")
    )
    for outcome, label in outcomes:
        by_outcome.add([label, counts.get(outcome, 0)], {"outcome": outcome})
    annual = Table(
        "annual", "年检得分（INST-10）", ["年度", "机构数", "平均分", "最低分", "最高分"]
    )
    for r in (
        annual_in(f)
        .values("year")
        .annotate(n=Count("pk"), avg=Avg("total"), lo=Min("total"), hi=Max("total"))
        .order_by("year")
    ):
        annual.add(
            [r["year"], r["n"], round(float(r["avg"]), 1), r["lo"], r["hi"]], {"year": r["year"]}
        )
    credit = Table("credit_by_kind", "信用扣分（INST-09）", ["类型", "次数", "扣分"], chart="bar")
    points = {
        r["kind"]: r
        for r in credit_in(f).values("kind").annotate(n=Count("pk"), pts=Sum("points")).order_by()
    }
    for kind, label in CreditEvent.KINDS:
        r = points.get(kind, {"n": 0, "pts": 0})
        credit.add([label, r["n"], r["pts"] or 0], {"kind": kind})
    by_inst = Table("by_institution", "按机构", ["机构", *[o[1] for o in outcomes], "信用扣分"])
    per: dict = defaultdict(lambda: defaultdict(int))
    for r in (
        targets_in(f)
        .values("institution_id", "institution__name", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per[(r["institution__name"], r["institution_id"])][r["outcome"]] += r["n"]
    for r in (
        credit_in(f)
        .values("institution_id", "institution__name")
        .annotate(pts=Sum("points"))
        .order_by()
    ):
        per[(r["institution__name"], r["institution_id"])]["points"] += r["pts"] or 0
    for (name, pk), s in sorted(per.items()):
        by_inst.add([name, *[s[o] for o, _ in outcomes], s["points"]], {"institution": pk})
    return Section(
        "inspections",
        "监督检查结果",
        "抽查按抽取日期、年检按年度、信用扣分按发生日期计入统计期。",
        [by_outcome, annual, credit, by_inst],
    )
