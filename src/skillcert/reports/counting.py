"""How every statistic of reports counts (REC-08), in one place: the authority's dashboard,
the per-sitting tallies and the institution's documents read these, so the yearly report an
institution sends and the dashboard its authority opens agree figure for figure.

- a sitting belongs to the period of its first exam day, the earlier of theory and practical
  (plans.deadlines.sitting_first_day); a sitting without a date is in no period;
- registered (报名): approved registrations (PLAN-08); pending, refused, cancelled ones are
  not candidates;
- sat (实考) a subject: scored in this sitting, not absent (缺考, SCORE-01) and not carried
  from an earlier sitting (SCORE-02); sat overall: sat at least one subject;
- passed (合格) a subject: sat it with a score ≥ the pass mark (SCORE-01); passed overall: the
  result's decision (Result.passed); pass rate (合格率) = passed ÷ sat.
"""

from datetime import date

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, Greatest, Least

from skillcert.core.rules import rules
from skillcert.scoring.models import PRACTICAL, THEORY

FIGURES = (
    "registered",
    "sat",
    "passed",
    "theory_sat",
    "theory_passed",
    "practical_sat",
    "practical_passed",
)


def first_day(prefix: str = ""):
    """The sitting's first exam day in SQL (plans.deadlines.sitting_first_day)."""
    theory, practical = f"{prefix}theory_on", f"{prefix}practical_on"
    return Least(Coalesce(theory, practical), Coalesce(practical, theory))


def last_day(prefix: str = ""):
    """The sitting's last exam day in SQL, the later of theory and practical."""
    theory, practical = f"{prefix}theory_on", f"{prefix}practical_on"
    return Greatest(Coalesce(theory, practical), Coalesce(practical, theory))


def first_day_in(start: date, end: date, prefix: str = "") -> Q:
    """The sitting's first exam day lies in [start, end], as a plain condition (no annotation,
    so it also filters rows joined to the sitting, e.g. prefix "sitting__")."""
    theory, practical = f"{prefix}theory_on", f"{prefix}practical_on"
    theory_first = Q(**{f"{practical}__isnull": True}) | Q(**{f"{practical}__gte": F(theory)})
    practical_first = Q(**{f"{theory}__isnull": True}) | Q(**{f"{theory}__gt": F(practical)})
    return (Q(**{f"{theory}__range": (start, end)}) & theory_first) | (
        Q(**{f"{practical}__range": (start, end)}) & practical_first
    )


def subject(name: str, prefix: str = "result__") -> tuple[Q, Q]:
    """(sat, passed) of one subject, on Registration rows (prefix "result__")."""
    other = PRACTICAL if name == THEORY else THEORY
    sat = Q(
        **{
            f"{prefix}{name}_absent": False,
            f"{prefix}{name}_score__isnull": False,
            f"{prefix}carried_subject__in": ("", other),
        }
    )
    return sat, sat & Q(**{f"{prefix}{name}_score__gte": rules().pass_mark})


def counts() -> dict:
    """The FIGURES as aggregates over approved Registration rows."""
    theory_sat, theory_passed = subject(THEORY)
    practical_sat, practical_passed = subject(PRACTICAL)
    return {
        "registered": Count("id"),
        "sat": Count("id", filter=theory_sat | practical_sat),
        "passed": Count("id", filter=Q(result__passed=True)),
        "theory_sat": Count("id", filter=theory_sat),
        "theory_passed": Count("id", filter=theory_passed),
        "practical_sat": Count("id", filter=practical_sat),
        "practical_passed": Count("id", filter=practical_passed),
    }
