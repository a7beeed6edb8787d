"""Eligibility by mode (PLAN-04) and by staff title (PLAN-05); a rule grants a top level."""

from datetime import date

import pytest

from skillcert.core.errors import DomainError
from skillcert.plans.models import COMPETITION, DIRECT, EXAM, PROCESS
from skillcert.plans.registration.eligibility import check_eligibility, top_level

YEAR = 2025
DAY = date(YEAR, 6, 1)  # a June sitting: the class of YEAR is in its graduating school year


def ok(mode, level, **kw):
    check_eligibility(mode=mode, level=level, sitting_on=DAY, **kw)


def refused(mode, level, **kw) -> DomainError:
    with pytest.raises(DomainError) as exc:
        check_eligibility(mode=mode, level=level, sitting_on=DAY, **kw)
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
    """PLAN-04/PLAN-10: in June, the class graduating next year is not yet in its graduating
    school year (changed by issue 16 item 5: the rule is now PLAN-10, by school year)."""
    err = refused(EXAM, 3, school_level="bachelor", graduating_year=YEAR + 1)
    assert err.rule == "PLAN-10"
    assert "毕业年份2026年" in err.message and "2024年9月1日至2025年8月31日" in err.message
    err = refused(EXAM, 5, school_level="secondary", graduating_year=None)
    assert "未填写毕业年份" in err.message


def check_on(day, mode, level, **kw):
    check_eligibility(mode=mode, level=level, sitting_on=day, **kw)


@pytest.mark.parametrize("mode", [EXAM, PROCESS])
def test_plan10_december_sitting_takes_the_class_graduating_next_summer(mode):
    """Issue 16 item 5 (PLAN-10): a December 2025 sitting is in the 2025/26 school year, so
    the class graduating in summer 2026 may register; so may graduates of 2025 and before."""
    december = date(2025, 12, 10)
    check_on(december, mode, 3, school_level="bachelor", graduating_year=2026)
    check_on(december, mode, 3, school_level="bachelor", graduating_year=2025)  # graduated
    check_on(december, mode, 3, school_level="bachelor", graduating_year=2019)  # graduated


@pytest.mark.parametrize("mode", [EXAM, PROCESS])
def test_plan10_class_two_years_out_is_refused_naming_the_school_year(mode):
    """Issue 16 item 5 (PLAN-10): in December 2025 the class of 2027 is not yet in its
    graduating school year; the message names the school year and the rule."""
    with pytest.raises(DomainError) as exc:
        check_on(date(2025, 12, 10), mode, 3, school_level="bachelor", graduating_year=2027)
    assert exc.value.rule == "PLAN-10"
    assert "毕业年份2027年" in exc.value.message
    assert "2025年9月1日至2026年8月31日" in exc.value.message


def test_plan10_school_year_turns_on_1_september():
    """Issue 16 item 5 (PLAN-10): 31 August still belongs to the old school year."""
    check_on(date(2025, 9, 1), EXAM, 3, school_level="bachelor", graduating_year=2026)
    with pytest.raises(DomainError):
        check_on(date(2025, 8, 31), EXAM, 3, school_level="bachelor", graduating_year=2026)


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
    ok(PROCESS, top, school_level=school, graduating_year=YEAR)
    refused_level = refused(PROCESS, top - 1, school_level=school, graduating_year=YEAR)
    assert refused_level.rule == "PLAN-04"


def test_plan04_competition_is_not_restricted_here():
    """PLAN-04: 以赛代评 follows the institution's competition rules."""
    ok(COMPETITION, 1)
    assert top_level(mode=COMPETITION, sitting_on=DAY) is None


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
