"""Sittings and candidates of the authority's region (REC-08): one GROUP BY over the
registrations per sitting, folded into the tables by month, occupation, level and
institution (a fold over groups, never over candidates).

What the figures count (written down because documents differ):
- a sitting belongs to the period of its first exam day (theory or practical, the earlier;
  plans.deadlines.sitting_first_day); a sitting without a date is in no period;
- 报名 (registered): registrations approved at review (plans.Registration APPROVED);
  pending, refused and cancelled ones are not candidates;
- 实考 (sat): an approved registration whose result (scoring.Result) has at least one
  subject scored and not marked absent (缺考, SCORE-01);
- 合格 (passed): Result.passed is true (both subjects passed, SCORE-01/02);
- 合格率: passed / sat, in percent;
- a sitting is 已举行 (held) once at least one candidate sat it (scores are never entered
  before the subject's day: scoring.entry_rules); 计划 (planned) is every sitting of the period.
"""

from collections import defaultdict

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Least

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.core import tenancy
from skillcert.institutions.authority import in_region
from skillcert.plans.models import Registration, Sitting
from skillcert.scoring.models import Result

from .filters import Filters
from .tables import Section, Table, rate

SAT = Q(result__theory_absent=False, result__theory_score__isnull=False) | Q(
    result__practical_absent=False, result__practical_score__isnull=False
)
PASSED = Q(result__passed=True)
# The same test seen from the result, for an EXISTS per sitting.
SITTING_SAT = Q(registration__status=Registration.APPROVED) & (
    Q(theory_absent=False, theory_score__isnull=False)
    | Q(practical_absent=False, practical_score__isnull=False)
)


def first_day():
    """The sitting's first exam day in SQL: plans.deadlines.sitting_first_day."""
    return Least(Coalesce("theory_on", "practical_on"), Coalesce("practical_on", "theory_on"))


def sittings_in(f: Filters) -> QuerySet[Sitting]:
    qs = in_region(Sitting.objects.all(), f.prefix).annotate(first_day=first_day())
    qs = qs.filter(first_day__gte=f.start, first_day__lte=f.end)
    if f.institution_id:
        qs = qs.filter(institution_id=f.institution_id)
    if f.occupation:
        qs = qs.filter(occupation__code=f.occupation)
    return qs


def registrations_in(f: Filters, group: dict | None = None) -> QuerySet[Registration]:
    """Approved registrations of the period's sittings (the drill adds level/month)."""
    sittings = sittings_in(f)
    group = group or {}
    if group.get("level"):
        sittings = sittings.filter(level=group["level"])
    if group.get("month"):
        year, month = group["month"]
        sittings = sittings.filter(first_day__year=year, first_day__month=month)
    # The ids as a list, not a subquery: the planner cannot estimate the first-day expression
    # (it guessed 50 sittings for 4,746 and chose 700,000 index probes; bench on PostgreSQL).
    ids = list(sittings.values_list("pk", flat=True))
    return Registration.objects.filter(status=Registration.APPROVED, sitting_id__in=ids)


@tenancy.across_institutions("REC-08")
def per_sitting(f: Filters) -> list[dict]:
    """One row per sitting of the period: its labels and its registered/sat/passed."""
    meta = sittings_in(f).values(
        "pk",
        "level",
        "first_day",
        inst=F("institution_id"),
        inst_name=F("institution__name"),
        occ=F("occupation__code"),
        occ_name=F("occupation__name"),
    )
    counts = {
        row["sitting_id"]: row
        for row in registrations_in(f)
        .values("sitting_id")
        .annotate(
            registered=Count("pk"), sat=Count("pk", filter=SAT), passed=Count("pk", filter=PASSED)
        )
        .order_by()
    }
    zero = {"registered": 0, "sat": 0, "passed": 0}
    return [m | {k: counts.get(m["pk"], zero)[k] for k in zero} for m in meta]


def month_label(day) -> str:
    return f"{day.year}-{day.month:02d}"


def _fold(rows: list[dict], key, figures: tuple[str, ...]) -> dict:
    out: dict = defaultdict(lambda: dict.fromkeys(figures, 0))
    for row in rows:
        sums = out[key(row)]
        for name in figures:
            sums[name] += row[name]
    return out


@tenancy.across_institutions("REC-08")
def sittings_held(f: Filters) -> list[dict]:
    """One row per sitting: its labels, approved registrations, and whether anyone sat it.
    "Held" is an EXISTS that stops at the first candidate who sat, so this section needs no
    join of every registration with its result (per_sitting's cost; bench on PostgreSQL)."""
    sat = Result.objects.filter(registration__sitting=OuterRef("pk")).filter(SITTING_SAT)
    meta = (
        sittings_in(f)
        .annotate(held=Exists(sat))
        .values(
            "pk",
            "held",
            "first_day",
            inst=F("institution_id"),
            inst_name=F("institution__name"),
        )
    )
    registered = dict(
        registrations_in(f)
        .values("sitting_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("sitting_id", "n")
    )
    return [m | {"registered": registered.get(m["pk"], 0)} for m in meta]


def sittings_section(f: Filters) -> Section:
    rows = [r | {"planned": 1, "held": int(r["held"])} for r in sittings_held(f)]
    figures = ("planned", "held", "registered")
    by_month = Table(
        "by_month", "按月份", ["月份", "计划批次", "已举行批次", "报名人数"], chart="bar"
    )
    for (label,), s in sorted(
        _fold(rows, lambda r: (month_label(r["first_day"]),), figures).items()
    ):
        by_month.add([label, s["planned"], s["held"], s["registered"]], {"month": label})
    by_inst = Table(
        "by_institution", "按机构", ["机构", "计划批次", "已举行批次", "报名人数"], chart="bar"
    )
    folded = _fold(rows, lambda r: (r["inst_name"], r["inst"]), figures)
    for (name, pk), s in sorted(folded.items()):
        by_inst.add([name, s["planned"], s["held"], s["registered"]], {"institution": pk})
    total = Table("totals", "合计", ["范围", "计划批次", "已举行批次", "报名人数"])
    s = _fold(rows, lambda r: "all", figures)["all"]
    total.add(["全部", s["planned"], s["held"], s["registered"]])
    return Section(
        "sittings",
        "认定批次",
        "批次按首个考试日期计入统计期；至少一名考生实考即为已举行。",
        [total, by_month, by_inst],
    )


CANDIDATE_COLUMNS = ["报名人数", "实考人数", "合格人数", "合格率（%）"]
FIGURES = ("registered", "sat", "passed")


def _candidate_row(s: dict) -> list:
    return [s["registered"], s["sat"], s["passed"], rate(s["passed"], s["sat"])]


def candidates_section(f: Filters) -> Section:
    rows = per_sitting(f)
    total = Table("totals", "合计", ["范围", *CANDIDATE_COLUMNS])
    total.add(["全部", *_candidate_row(_fold(rows, lambda r: "all", FIGURES)["all"])])
    by_occ = Table(
        "by_occupation", "按职业", ["职业编码", "职业", *CANDIDATE_COLUMNS], chart="bar", labels=2
    )
    for (code, name), s in sorted(
        _fold(rows, lambda r: (r["occ"], r["occ_name"]), FIGURES).items()
    ):
        by_occ.add([code, name, *_candidate_row(s)], {"occupation": code})
    by_level = Table("by_level", "按等级", ["等级", *CANDIDATE_COLUMNS], chart="bar")
    for level, s in sorted(_fold(rows, lambda r: r["level"], FIGURES).items()):
        by_level.add([LEVEL_LABELS.get(level, str(level)), *_candidate_row(s)], {"level": level})
    by_inst = Table("by_institution", "按机构", ["机构", *CANDIDATE_COLUMNS], chart="bar")
    for (name, pk), s in sorted(
        _fold(rows, lambda r: (r["inst_name"], r["inst"]), FIGURES).items()
    ):
        by_inst.add([name, *_candidate_row(s)], {"institution": pk})
    return Section(
        "candidates",
        "考生与合格率",
        "报名：审核通过的报名；实考：至少一科有成绩且未缺考；合格：成绩判定合格；合格率＝合格/实考。",
        [total, by_occ, by_level, by_inst],
    )
