"""Working days on the official Chinese calendar (PLAN-03, SCORE-05, REC-04).

chinese-calendar knows the State Council's holiday notices up to its release; the Holiday
table overrides it and covers the years it raises for.
"""

from datetime import date, timedelta

import chinese_calendar

from .errors import DomainError
from .models import Holiday


def is_workday(day: date, *, overrides: dict[date, bool] | None = None) -> bool:
    if overrides is None:
        overrides = _overrides(day, day)
    if day in overrides:
        return overrides[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        if _year_has_table(day.year):
            return day.weekday() < 5
        raise DomainError(
            "calendar_unknown_year",
            f"{day.year}年的法定节假日安排尚未录入，请在“节假日调整”中录入后再计算工作日",
        ) from None


def add_workdays(start: date, n: int) -> date:
    """The date n working days after (n > 0) or before (n < 0) start, start not counted.
    A start so near the calendar's ends that the answer falls outside it (0001-01-01 typed
    into a form) is the caller's bad input: a DomainError, not an OverflowError."""
    margin = timedelta(days=abs(n) * 3 + 30)
    if not date.min + margin <= start <= date.max - margin:
        raise DomainError("date_range", f"日期{start.isoformat()}超出可计算的范围", field="date")
    step = 1 if n >= 0 else -1
    window = _overrides(
        start - timedelta(days=abs(n) * 3 + 30), start + timedelta(days=abs(n) * 3 + 30)
    )
    day, left = start, abs(n)
    while left:
        day += timedelta(days=step)
        if is_workday(day, overrides=window):
            left -= 1
    return day


def workdays_between(start: date, end: date) -> int:
    """Working days after start up to and including end."""
    window = _overrides(start, end)
    return sum(
        is_workday(start + timedelta(days=i), overrides=window)
        for i in range(1, (end - start).days + 1)
    )


def _overrides(first: date, last: date) -> dict[date, bool]:
    rows = Holiday.objects.filter(day__range=(first, last)).values_list("day", "is_workday")
    return dict(rows)


def _year_has_table(year: int) -> bool:
    # A year is "entered" once any holiday of it is in the table; then weekdays work.
    return Holiday.objects.filter(day__year=year).exists()
