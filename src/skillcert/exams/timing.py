"""Server time only (EXAM-05): when entry opens and closes, when an attempt ends and when it
may be submitted. The page never trusts its own clock: it gets remaining seconds from here."""

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
