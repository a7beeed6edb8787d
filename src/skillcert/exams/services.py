"""Writes of exams: create with a sealed paper (EXAM-04), open at entry time, close after
the end (auto-submit what is left, mark the absent, EXAM-05/EXAM-07).

Candidate sign-in is in `signin.py`, autosave in `autosave.py`, submitting and scoring in
`scoring.py`, the proctor's actions in `proctor/services.py`, the similarity report in
`similarity.py`.
"""

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from skillcert.arrangement.implementation.gate import sitting_check
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.plans.models import Sitting

from . import paper, timing
from .models import Exam


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _snapshot(exam: Exam) -> dict:
    return {
        "title": exam.title,
        "sitting": exam.sitting_id,
        "starts_at": exam.starts_at.isoformat(),
        "duration_minutes": exam.duration_minutes,
        "entry_close_minutes": exam.entry_close_minutes,
        "status": exam.status,
        "items": len(exam.item_ids),
        "total_points": exam.total_points,
        "paper_ref": exam.paper_ref,
    }


@transaction.atomic
def exam_create(
    *,
    actor,
    sitting: Sitting,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    questions: list[dict],
    paper_ref: str = "",
) -> Exam:
    """An online theory exam of `sitting` holding its own sealed copy of `questions`."""
    title = (title or "").strip()
    if not title or len(title) > 150:
        raise DomainError("exam_title", "请填写考试名称（至多150字）", field="title")
    if not isinstance(starts_at, datetime) or timezone.is_naive(starts_at):
        raise DomainError("exam_start", "开考时间应含时区", field="starts_at", rule="EXAM-05")
    if not isinstance(duration_minutes, int) or not 1 <= duration_minutes <= 600:
        raise DomainError(
            "exam_duration", "考试时长应为1–600分钟", field="duration_minutes", rule="EXAM-05"
        )
    if len(paper_ref or "") > 100:
        raise DomainError("exam_paper_ref", "试卷来源至多100字", field="paper_ref")
    clean = paper.check_questions(questions)
    sitting_check(sitting, what="创建机考")  # INST-13 approved plan, INST-16 level approval
    exam = Exam.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        entry_close_minutes=rules().exam_entry_close_minutes,
        sealed_questions=paper.seal(clean),
        item_ids=[q["item_id"] for q in clean],
        total_points=sum((Decimal(q["points"]) for q in clean), Decimal("0")),
        paper_ref=paper_ref or "",
        created_by=actor if _is_user(actor) else None,
    )
    audit_record(actor=actor, action="exam.create", obj=exam, after=_snapshot(exam))
    return exam


def exam_questions(exam: Exam, *, now: datetime | None = None) -> list[dict]:
    """EXAM-04: the clear paper, only from the time entry opens."""
    now = now or timezone.now()
    if now < timing.entry_opens(exam):
        raise DomainError("exam_sealed", "试卷尚未启封：考前不得查看试题", rule="EXAM-04")
    return paper.unseal(exam.sealed_questions)


@transaction.atomic
def exam_open(*, actor, exam: Exam, now: datetime | None = None) -> Exam:
    """Scheduled -> open, audited; done by the first sign-in once entry opens (EXAM-04/05)."""
    now = now or timezone.now()
    # NO KEY UPDATE: sign-ins inserting attempts (their foreign key takes KEY SHARE on this
    # row) go on while the exam opens; a plain FOR UPDATE made them deadlock with it.
    exam = Exam.objects.select_for_update(no_key=True).get(pk=exam.pk)
    if exam.status != Exam.SCHEDULED:
        return exam
    if now < timing.entry_opens(exam):
        raise DomainError("exam_not_open", "尚未到入场时间", rule="EXAM-05")
    sitting_check(exam.sitting, what="开考")  # INST-13: a plan changed since needs approval
    exam.status, exam.opened_at = Exam.OPEN, now
    exam.save(update_fields=["status", "opened_at"])
    audit_record(
        actor=actor,
        action="exam.open",
        obj=exam,
        before={"status": Exam.SCHEDULED},
        after={"status": Exam.OPEN, "opened_at": now.isoformat()},
    )
    return exam
