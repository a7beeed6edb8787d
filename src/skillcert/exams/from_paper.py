"""An online exam from an item-bank paper (EXAM-04 custody → the exam's own sealed copy).

The paper opens only on its sitting's exam day, once both key holders (双人双锁) unlocked it
that day for 在线考试读取 (`itembank.custody.paper_open`, logged as an access); its questions
are copied into the exam and sealed again there, so a later edit of the bank never changes
what was asked. The item bank's fill items are one blank with
accepted alternatives: they become one blank whose key is that list.
"""

from datetime import datetime

from skillcert.core.errors import DomainError
from skillcert.itembank.models import Paper
from skillcert.itembank.selectors import QUESTION_KEYS, paper_questions

from .models import Exam
from .services import exam_create


def bank_questions(questions: list[dict]) -> list[dict]:
    """Item-bank questions (a paper's, or a form from `itembank.assembly.form_questions`) as
    the exam holds them: the exam's keys only; a fill item's accepted answers become the
    key of its one blank."""
    out = []
    for q in questions:
        q = {k: q[k] for k in QUESTION_KEYS}
        out.append({**q, "answer": [list(q["answer"])]} if q["kind"] == "fill" else q)
    return out


def exam_create_from_paper(
    *, actor, paper: Paper, starts_at: datetime, duration_minutes: int, title: str = ""
) -> Exam:
    if paper.sitting_id is None:
        message = "该试卷未指定考试批次，不能用于机考"
        raise DomainError("exam_paper_sitting", message, field="paper", rule="EXAM-04")
    if paper.status != Paper.SEALED:
        raise DomainError("exam_paper_retired", "该试卷已作废", field="paper", rule="EXAM-04")
    questions = bank_questions(paper_questions(actor=actor, paper=paper))
    sitting = paper.sitting
    return exam_create(
        actor=actor,
        sitting=sitting,
        title=title or f"{sitting.name} 理论知识考试（第{paper.form_no}套）",
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        questions=questions,
        paper_ref=f"itembank.paper:{paper.pk}",
    )
