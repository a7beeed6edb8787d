"""Server time only (EXAM-05): when entry opens and closes, when an attempt ends and when it
may be submitted. The page never trusts its own clock: it gets remaining seconds from here.
The sitting's timeline for the proctors (EXAM-06) is built from the same times."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from skillcert.core.rules import rules

from .models import Exam, ExamAttempt


def entry_opens(exam: Exam) -> datetime:
    return exam.starts_at - timedelta(minutes=rules().exam_entry_before_minutes)


def entry_closes(exam: Exam) -> datetime:
    return exam.starts_at + timedelta(minutes=exam.entry_close_minutes)


def exam_ends(exam: Exam) -> datetime:
    return exam.starts_at + timedelta(minutes=exam.duration_minutes)


def submit_opens(attempt_ends: datetime) -> datetime:
    """EXAM-05: no one submits before the end (or a configured time before it)."""
    return attempt_ends - timedelta(minutes=rules().exam_submit_before_end_minutes)


def saves_close(attempt_ends: datetime) -> datetime:
    """Autosaves still sent by a page that was offline at the end are taken this long."""
    return attempt_ends + timedelta(seconds=rules().exam_save_grace_seconds)


def remaining_seconds(attempt: ExamAttempt, now: datetime) -> int:
    return max(0, int((attempt.ends_at - now).total_seconds()))


def end_warning(attempt_ends: datetime) -> datetime:
    """EXAM-06: candidates are warned this long before the end (the page shows it)."""
    return attempt_ends - timedelta(minutes=rules().exam_end_warning_minutes)


@dataclass(frozen=True)
class Step:
    at: datetime
    what: str
    rule: str
    done: bool = False


def timeline(exam: Exam, now: datetime) -> list[Step]:
    """The exam's timeline for the proctors (EXAM-06, with EXAM-05's entry times), in order;
    `done` once its time has passed. Extra time (EXAM-10) moves a candidate's own end, not
    the room's timeline."""
    r, start, end = rules(), exam.starts_at, exam_ends(exam)
    steps = [
        (start - timedelta(minutes=r.exam_papers_collect_minutes),
         "监考人员领取试卷（机考：检查机位与考试系统）", "EXAM-06"),
        (entry_opens(exam), "考生入场，核对准考证与身份证件", "EXAM-05"),
        (start - timedelta(minutes=r.exam_seal_check_minutes),
         "请2名考生查验试卷袋密封并签字（机考：宣读考场规则）", "EXAM-06"),
        (start, "开考", "EXAM-05"),
        (entry_closes(exam), "停止入场，未到者记为缺考", "EXAM-05"),
        (end_warning(end), f"提醒考生：距考试结束还有{r.exam_end_warning_minutes}分钟", "EXAM-06"),
        (end, "考试结束，收卷；清点试卷与答题卡并当场封装", "EXAM-06"),
    ]  # fmt: skip
    return [Step(at, what, rule, at <= now) for at, what, rule in sorted(steps, key=lambda x: x[0])]
