"""PLAN-03: the deadlines of a sitting, counted in working days on the official calendar
(holidays and make-up working weekends included, via core.workdays)."""

from dataclasses import dataclass
from datetime import date

from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.core.workdays import add_workdays, workdays_between

from .models import Sitting

OK, NEAR, MISSED = "ok", "near", "missed"
STATE_LABELS = {OK: "正常", NEAR: "即将到期", MISSED: "已逾期"}


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    due: date  # the last day it may be done
    workdays: int  # working days before the sitting's first date
    state: str  # ok / near / missed
    days_left: int  # working days from today to due (0 when due today or missed)
    rule: str = "PLAN-03"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def warning(self) -> bool:
        return self.state != OK


def sitting_first_day(sitting: Sitting) -> date | None:
    days = [d for d in (sitting.theory_on, sitting.practical_on) if d]
    return min(days) if days else None


def deadline_state(due: date, today: date) -> tuple[str, int]:
    """missed after the due day; near within deadline_warning_workdays working days."""
    if today > due:
        return MISSED, 0
    left = workdays_between(today, due)
    return (NEAR if left <= rules().deadline_warning_workdays else OK), left


def sitting_deadlines(sitting: Sitting, today: date) -> list[Deadline]:
    """The sitting's PLAN-03 deadlines, earliest first; none before its date is set.

    A deadline of n working days is the n-th working day before the first date of the
    sitting (that day itself not counted): core.workdays.add_workdays(first, -n).
    """
    first = sitting_first_day(sitting)
    if first is None:
        return []
    r = rules()
    wanted = [
        ("application", "报名截止（申报材料）", r.application_workdays),
        ("plan_report", "实施方案报送人社部门", r.plan_report_workdays),
        ("task_notice", "任务通知下达", r.task_notice_workdays),
    ]
    out = []
    for key, label, n in wanted:
        due = add_workdays(first, -n)
        state, left = deadline_state(due, today)
        out.append(Deadline(key, label, due, n, state, left))
    return sorted(out, key=lambda d: d.due)


def deadlines_context(sitting: Sitting, today: date) -> dict:
    """Context for plans/_deadlines.html: `deadlines`, and `deadlines_error` when the
    calendar of the sitting's year is not known yet (core.workdays raises)."""
    try:
        return {"deadlines": sitting_deadlines(sitting, today), "deadlines_error": ""}
    except DomainError as exc:
        return {"deadlines": [], "deadlines_error": exc.message}
