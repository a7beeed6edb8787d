"""When the statistics are due (REC-08; 002 §26, 003 §20).

The yearly report is due "early January" (1月上旬): by the 10th of January of the next year.
The periodic statistics (定期报送…统计表) are quarterly here, each due by the 10th day after
its quarter ends, the rhythm the human-resources statistics system keeps."""

from datetime import date, timedelta

YEARLY_DUE_DAY = 10  # 上旬: the first ten days of January
QUARTER_GRACE_DAYS = 10


def yearly_due(year: int) -> date:
    """The day the yearly report of `year` is due."""
    return date(year + 1, 1, YEARLY_DUE_DAY)


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter (1..4)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(quarter)
    start = date(year, 3 * quarter - 2, 1)
    nxt = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, nxt - timedelta(days=1)


def quarter_due(year: int, quarter: int) -> date:
    return quarter_bounds(year, quarter)[1] + timedelta(days=QUARTER_GRACE_DAYS)
