"""Who may register for which level (PLAN-04 students by mode, PLAN-05 staff by title).

Semantics we chose: each rule grants a *top* level, the highest (numerically smallest) level
the person may take. Levels run 1 (highest) to 5 (lowest), so the person may register for
the top level or any lower one (a numerically greater level): a 1+X senior holder, granted
level 3, may also take level 4 or 5. The documents name one level per case; reading them as
a ceiling keeps a candidate from being refused a lower level, which no document forbids.

A row with a staff title is judged as staff (PLAN-05) whatever its school level; other rows
are judged as students by the sitting's mode (PLAN-04). Competition (以赛代评) follows the
institution's own competition rules, so nothing is checked here. 004 also lets "excellent"
secondary-vocational graduates take level 3 in exam mode; a roster has no column for that
judgement, so such candidates are registered one by one, not by import.

PLAN-10: exam and process modes are for students of the graduating *school year* (毕业学年,
1 September of the year before graduation to 31 August of the graduation year) and for
graduates, judged on the sitting's date: a December sitting serves the class graduating
the next summer, and anyone who has already graduated.
"""

from dataclasses import dataclass
from datetime import date

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules

from ..models import (
    BACHELOR,
    COMPETITION,
    DIRECT,
    EXAM,
    HIGHER_VOCATIONAL,
    MODES,
    ONEX_LEVELS,
    PROCESS,
    SCHOOL_LEVELS,
    SECONDARY,
    TECH_INTERMEDIATE,
    TECH_PREP,
    TECH_SENIOR,
    TITLES,
)

MODE_LABELS = dict(MODES)
SCHOOL_LABELS = dict(SCHOOL_LEVELS)
ONEX_LABELS = dict(ONEX_LEVELS)
TITLE_LABELS = dict(TITLES)

# PLAN-04: process-based assessment (课证融通) grants by school level regardless of year.
_PROCESS_TOP = {
    BACHELOR: 3,
    HIGHER_VOCATIONAL: 3,
    SECONDARY: 4,
    TECH_SENIOR: 3,
    TECH_PREP: 3,
    TECH_INTERMEDIATE: 4,
}
# PLAN-04: exam mode grants graduating-year students only.
_EXAM_TOP = {SECONDARY: 5, BACHELOR: 3, HIGHER_VOCATIONAL: 3}
# PLAN-04: direct recognition by the 1+X certificate level.
_DIRECT_TOP = {"senior": 3, "intermediate": 3, "junior": 4}


@dataclass(frozen=True)
class Grant:
    """The top level a rule grants (None: the rule grants none), why, and the rule ID."""

    top: int | None
    basis: str
    rule: str


def _staff_grant(title: str, years: int | None) -> Grant:
    """PLAN-05: initial ≥ N years or intermediate → 2; intermediate ≥ N years or senior → 1."""
    need = rules().staff_title_years
    held = years or 0
    label = f"{TITLE_LABELS[title]}（任职{held}年）"
    if title == "senior" or (title == "intermediate" and held >= need):
        return Grant(1, label, "PLAN-05")
    if title == "intermediate" or held >= need:
        return Grant(2, label, "PLAN-05")
    return Grant(None, f"{label}，初级职称须任职满{need}年方可申报", "PLAN-05")


def school_year_end(day: date) -> int:
    """PLAN-10: the graduation year of the school year containing `day` (it ends 31 August)."""
    return day.year + 1 if day.month >= 9 else day.year


def _year_refusal(label: str, graduating_year: int | None, day: date, mode: str) -> str | None:
    """PLAN-10: None when the student graduates in `day`'s school year or has graduated."""
    end = school_year_end(day)
    if graduating_year is not None and graduating_year <= end:
        return None
    year = f"毕业年份{graduating_year}年" if graduating_year else "未填写毕业年份"
    return (
        f"{label}学生{year}，{MODE_LABELS[mode]}限毕业学年（{end - 1}年9月1日至{end}年8月31日）"
        f"的学生或已毕业学生，即毕业年份不晚于{end}年"
    )


def _exam_grant(school: str, graduating_year: int | None, day: date) -> Grant:
    label = SCHOOL_LABELS.get(school, "未填写学历层次")
    if school not in _EXAM_TOP:
        return Grant(None, f"{label}学生，考试认定限中职、高职、本科应届毕业生", "PLAN-04")
    refusal = _year_refusal(label, graduating_year, day, EXAM)
    if refusal:
        return Grant(None, refusal, "PLAN-10")
    return Grant(_EXAM_TOP[school], f"{label}毕业学年学生或毕业生（考试认定）", "PLAN-04")


def _direct_grant(onex: str) -> Grant:
    if onex not in _DIRECT_TOP:
        return Grant(None, "未持有1+X证书，直接认定须持有1+X证书", "PLAN-04")
    return Grant(_DIRECT_TOP[onex], f"持1+X{ONEX_LABELS[onex]}证书（直接认定）", "PLAN-04")


def _process_grant(school: str, graduating_year: int | None, day: date) -> Grant:
    if school not in _PROCESS_TOP:
        return Grant(None, "未填写学历层次，过程化考核须为在校学生", "PLAN-04")
    refusal = _year_refusal(SCHOOL_LABELS[school], graduating_year, day, PROCESS)
    if refusal:
        return Grant(None, refusal, "PLAN-10")
    return Grant(_PROCESS_TOP[school], f"{SCHOOL_LABELS[school]}学生（过程化考核）", "PLAN-04")


def top_level(
    *,
    mode: str,
    sitting_on: date,
    school_level: str = "",
    graduating_year: int | None = None,
    onex_level: str = "",
    staff_title: str = "",
    title_years: int | None = None,
) -> Grant | None:
    """The grant for this person, or None when the mode sets no limit (competition)."""
    if mode not in MODE_LABELS:
        raise DomainError("mode_unknown", f"评价方式“{mode}”无效", field="mode", rule="PLAN-04")
    if mode == COMPETITION:
        return None
    if staff_title:
        if staff_title not in TITLE_LABELS:
            raise DomainError(
                "title_unknown", f"职称“{staff_title}”无效", field="staff_title", rule="PLAN-05"
            )
        return _staff_grant(staff_title, title_years)
    if mode == EXAM:
        return _exam_grant(school_level, graduating_year, sitting_on)
    if mode == DIRECT:
        return _direct_grant(onex_level)
    assert mode == PROCESS
    return _process_grant(school_level, graduating_year, sitting_on)


def check_eligibility(
    *,
    mode: str,
    level: int,
    sitting_on: date,
    school_level: str = "",
    graduating_year: int | None = None,
    onex_level: str = "",
    staff_title: str = "",
    title_years: int | None = None,
) -> None:
    """Raise DomainError (PLAN-04 / PLAN-05) unless the person may register for `level`.

    The message says why and which level the person could take instead.
    """
    grant = top_level(
        mode=mode,
        sitting_on=sitting_on,
        school_level=school_level,
        graduating_year=graduating_year,
        onex_level=onex_level,
        staff_title=staff_title,
        title_years=title_years,
    )
    if grant is None:
        return
    if grant.top is None:
        raise DomainError(
            "not_eligible", f"不符合申报条件：{grant.basis}", field="level", rule=grant.rule
        )
    if level < grant.top:
        raise DomainError(
            "level_too_high",
            f"{grant.basis}最高可申报{LEVEL_LABELS[grant.top]}，不能申报{LEVEL_LABELS[level]}",
            field="level",
            rule=grant.rule,
        )
