"""The written notices to a complainant (REC-04): default texts an office may edit, and the
deadline state every page shows (days left, near, overdue)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.core.workdays import workdays_between

from ..models.complaints import Complaint, ComplaintNotice


def zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_text(c: Complaint, kind: str) -> str:
    head = f"{c.name}：\n您于{zh_date(c.received_on)}提交的投诉（举报）"
    if kind == ComplaintNotice.ACCEPTANCE and c.status == Complaint.INVESTIGATING:
        return (
            f"{head}已收到。经初步了解，我机构决定进行调查，"
            f"将于{zh_date(c.decision_due)}前作出处理决定并书面通知您。"
        )
    if kind == ComplaintNotice.ACCEPTANCE:
        return f"{head}已收到。经初步了解，我机构决定不予调查，理由如下：\n{c.accept_reason}"
    if kind == ComplaintNotice.EXTENSION:
        return (
            f"{head}因情况特殊需延长办理期限，处理决定将于{zh_date(c.decision_due)}前作出，"
            "特此告知。"
        )
    return f"{head}经调查，处理决定如下：\n{c.decision}"


@dataclass(frozen=True)
class Deadline:
    label: str
    due: date
    done_on: date | None
    left: int  # working days left (negative: overdue by that many)

    @property
    def state(self) -> str:
        if self.done_on is not None:
            return "late" if self.done_on > self.due else "done"
        if self.left < 0:
            return "overdue"
        return "near" if self.left <= rules().deadline_warning_workdays else "open"

    @property
    def state_label(self) -> str:
        return {
            "late": "逾期完成",
            "done": "按期完成",
            "overdue": f"已逾期{-self.left}个工作日",
            "near": f"剩余{self.left}个工作日，即将到期",
            "open": f"剩余{self.left}个工作日",
        }[self.state]


def _left(due: date, today: date) -> int:
    try:
        if today <= due:
            return workdays_between(today, due)
        return -workdays_between(due, today)
    except DomainError:  # a year the calendar does not know yet: count weekdays to show
        first, last = sorted((today, due))
        weekdays = sum(
            (first + timedelta(days=i)).weekday() < 5 for i in range(1, (last - first).days + 1)
        )
        return weekdays if today <= due else -weekdays


def deadlines(c: Complaint, today: date | None = None) -> list[Deadline]:
    today = today or timezone.localdate()
    return [
        Deadline("决定是否调查并书面通知", c.accept_due, c.accepted_on, _left(c.accept_due, today)),
        Deadline(
            "作出处理决定" + ("（已延期）" if c.extended else ""),
            c.decision_due,
            c.decided_on or (c.accepted_on if c.status == Complaint.DECLINED else None),
            _left(c.decision_due, today),
        ),
    ]
