"""Eligibility by mode (PLAN-04) and by staff title (PLAN-05); a rule grants a top level."""

import pytest

from skillcert.core.errors import DomainError
from skillcert.plans.eligibility import check_eligibility, top_level
from skillcert.plans.models import COMPETITION, DIRECT, EXAM, PROCESS

YEAR = 2025


def ok(mode, level, **kw):
    check_eligibility(mode=mode, level=level, sitting_year=YEAR, **kw)


def refused(mode, level, **kw) -> DomainError:
    with pytest.raises(DomainError) as exc:
        check_eligibility(mode=mode, level=level, sitting_year=YEAR, **kw)
    return exc.value


@pytest.mark.parametrize(
    ("school", "top"), [("secondary", 5), ("bachelor", 3), ("higher_vocational", 3)]
)
def test_plan04_exam_mode_graduating_year_grants_top_level(school, top):
    """PLAN-04 exam mode: 中职 graduating year → 5; 本科/高职 graduating year → 3."""
    ok(EXAM, top, school_level=school, graduating_year=YEAR)
    ok(EXAM, 5, school_level=school, graduating_year=YEAR)  # a lower level is allowed too
    err = refused(EXAM, top - 1, school_level=school, graduating_year=YEAR)
    assert err.rule == "PLAN-04" and err.code == "level_too_high"
    assert f"最高可申报{'五级/初级工' if top == 5 else '三级/高级工'}" in err.message


def test_plan04_exam_mode_needs_the_graduating_year():
    """PLAN-04: exam mode is for students graduating in the sitting's year only."""
    err = refused(EXAM, 3, school_level="bachelor", graduating_year=YEAR + 1)
    assert err.rule == "PLAN-04"
    assert "毕业年份2026年" in err.message and "2025年应届毕业生" in err.message
    err = refused(EXAM, 5, school_level="secondary", graduating_year=None)
    assert "未填写毕业年份" in err.message


def test_plan04_exam_mode_refuses_technical_school_classes():
    err = refused(EXAM, 5, school_level="tech_senior", graduating_year=YEAR)
    assert err.rule == "PLAN-04" and "技工院校高级班" in err.message


@pytest.mark.parametrize(("onex", "top"), [("senior", 3), ("intermediate", 3), ("junior", 4)])
def test_plan04_direct_recognition_by_1x_certificate(onex, top):
    """PLAN-04 direct recognition: 1+X senior/intermediate → 3, junior → 4."""
    ok(DIRECT, top, onex_level=onex)
    err = refused(DIRECT, top - 1, onex_level=onex)
    assert err.rule == "PLAN-04"


def test_plan04_direct_recognition_needs_a_1x_certificate():
    err = refused(DIRECT, 5, school_level="bachelor")
    assert err.rule == "PLAN-04" and "1+X" in err.message


@pytest.mark.parametrize(
    ("school", "top"),
    [
        ("bachelor", 3),
        ("higher_vocational", 3),
        ("secondary", 4),
        ("tech_senior", 3),
        ("tech_prep", 3),
        ("tech_mid", 4),
    ],
)
def test_plan04_process_based_by_school_level(school, top):
    """PLAN-04 课证融通: 本科/高职 → 3, 中职 → 4, 技工高级/预备技师 → 3, 技工中级 → 4."""
    ok(PROCESS, top, school_level=school, graduating_year=YEAR + 2)  # any year
    assert refused(PROCESS, top - 1, school_level=school).rule == "PLAN-04"


def test_plan04_competition_is_not_restricted_here():
    """PLAN-04: 以赛代评 follows the institution's competition rules."""
    ok(COMPETITION, 1)
    assert top_level(mode=COMPETITION, sitting_year=YEAR) is None


@pytest.mark.parametrize(
    ("title", "years", "top"),
    [("initial", 3, 2), ("intermediate", 0, 2), ("intermediate", 3, 1), ("senior", 0, 1)],
)
def test_plan05_staff_title_grants_top_level(title, years, top):
    """PLAN-05: initial ≥3y or intermediate → 2; intermediate ≥3y or senior → 1; lower ok."""
    for mode in (EXAM, DIRECT, PROCESS):
        ok(mode, top, staff_title=title, title_years=years)
        ok(mode, 5, staff_title=title, title_years=years)
    if top > 1:
        err = refused(EXAM, top - 1, staff_title=title, title_years=years)
        assert err.rule == "PLAN-05" and "最高可申报二级/技师" in err.message


def test_plan05_initial_title_under_three_years_is_refused():
    err = refused(EXAM, 5, staff_title="initial", title_years=2)
    assert err.rule == "PLAN-05" and "满3年" in err.message


def test_plan05_title_years_come_from_settings(settings):
    """PLAN-05: the 3 years is rules().staff_title_years, not a literal."""
    settings.SKILLCERT_RULES = {"staff_title_years": 2}
    ok(EXAM, 2, staff_title="initial", title_years=2)
    ok(EXAM, 1, staff_title="intermediate", title_years=2)


def test_plan05_staff_title_wins_over_school_level():
    """A row with a title is judged as staff, whatever its school level."""
    ok(EXAM, 1, staff_title="senior", school_level="secondary", graduating_year=YEAR)
