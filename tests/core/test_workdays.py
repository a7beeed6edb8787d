"""PLAN-03: working days follow the official Chinese calendar, then the Holiday table."""

from datetime import date

import pytest

from skillcert.core.errors import DomainError
from skillcert.core.models import Holiday
from skillcert.core.workdays import add_workdays, is_workday, workdays_between

pytestmark = pytest.mark.django_db


def test_plan_03_national_day_is_a_holiday_and_makeup_sunday_a_workday():
    assert not is_workday(date(2024, 10, 1))
    assert not is_workday(date(2024, 10, 7))  # Monday, still National Day
    assert is_workday(date(2024, 9, 29))  # Sunday, make-up working day
    assert is_workday(date(2024, 10, 12))  # Saturday, make-up working day
    assert not is_workday(date(2024, 9, 28))  # an ordinary Saturday


def test_plan_03_add_workdays_across_national_day():
    assert add_workdays(date(2024, 9, 27), 1) == date(2024, 9, 29)
    assert add_workdays(date(2024, 9, 30), 1) == date(2024, 10, 8)
    # The plan for a sitting on 15 Oct 2024 is due 10 working days before it: the count
    # skips 1-7 Oct and includes the make-up days 29 Sep and 12 Oct.
    assert add_workdays(date(2024, 10, 15), -10) == date(2024, 9, 26)
    assert workdays_between(date(2024, 9, 26), date(2024, 10, 15)) == 10


def test_plan_03_unknown_year_raises_until_entered_then_the_table_rules():
    with pytest.raises(DomainError) as exc:
        is_workday(date(2027, 3, 1))
    assert exc.value.code == "calendar_unknown_year" and "2027年" in exc.value.message
    with pytest.raises(DomainError):
        add_workdays(date(2026, 12, 30), 5)  # runs into 2027

    Holiday.objects.create(day=date(2027, 1, 1), is_workday=False, name="元旦")
    Holiday.objects.create(day=date(2027, 2, 20), is_workday=True, name="春节调休")
    assert not is_workday(date(2027, 1, 1))  # Friday, holiday from the table
    assert is_workday(date(2027, 3, 1))  # Monday, an ordinary weekday
    assert not is_workday(date(2027, 3, 6))  # Saturday
    assert is_workday(date(2027, 2, 20))  # Saturday, make-up day from the table
    assert add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_plan_03_table_overrides_the_package_for_known_years():
    Holiday.objects.create(day=date(2024, 10, 8), is_workday=False, name="测试")
    assert not is_workday(date(2024, 10, 8))
    assert add_workdays(date(2024, 9, 30), 1) == date(2024, 10, 9)


def test_add_workdays_at_the_calendars_ends_is_a_domain_error_not_an_overflow():
    """A typed 0001-01-01 (fuzzed) leaves the calendar: every caller gets a DomainError."""
    for start, n in ((date.min, 3), (date.max, -3), (date(1, 1, 20), -3)):
        with pytest.raises(DomainError):
            add_workdays(start, n)
