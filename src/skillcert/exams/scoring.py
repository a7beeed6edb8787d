"""Submitting and scoring (EXAM-05, EXAM-07), and the theory score into scoring.Result.

Scoring rules (EXAM-07, the system scores online exams):
- single and judge: full points when the answer equals the key, else 0;
- multiple: full points only for exactly the right set of options, else 0 (no part marks);
- fill: each blank compared after NFKC normalisation (full-width -> half-width) and
  trimming/collapsing spaces; full points only when every blank matches, else 0;
- the score is points earned / the paper's total points × 100, one decimal, half up (a paper
  worth 100 points is therefore scored as it stands; SCORE-01 scores are out of 100).
Answers are stored in the positions the candidate saw; `paper.to_original` maps them back.

A candidate submits at or after the end only (EXAM-05); the page auto-submits at the end;
`exam_finish_due` auto-submits attempts whose page never did and marks seats without an
attempt (never signed in or refused entry) as theory absent (SCORE-01: absence scores 0).
The score goes through `scoring.services.results_set` (its rules and audit), keeping the
practical score already entered.
"""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from skillcert.arrangement.models import Seat
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.plans.models import Registration
from skillcert.scoring.entry_rules import EXAM_SYSTEM
from skillcert.scoring.models import Result
from skillcert.scoring.services import ScoreInput, results_set

from . import paper, timing
from .models import Answer, Exam, ExamAttempt
from .services import exam_questions


def item_correct(question: dict, original) -> bool:
    if original is None:
        return False
    kind, key = question["kind"], question["answer"]
    if kind in ("single", "multiple"):
        return original == sorted(key)
    if kind == "judge":
        return original is key
    return len(original) == len(key) and all(
        paper.blank_matches(a, k) for a, k in zip(original, key, strict=True)
    )


def points_of(questions: list[dict], order: dict, values: dict[int, object]) -> Decimal:
    total = Decimal("0")
    for q in questions:
        if q["item_id"] in values:
            original = paper.to_original(q, order, values[q["item_id"]])
            if item_correct(q, original):
                total += Decimal(q["points"])
    return total


def scaled(points: Decimal, total: Decimal) -> Decimal:
    """Out of 100, one decimal (EXAM-07 / SCORE-01)."""
    if total <= 0:
        return Decimal("0.0")
    return (points * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _theory_inputs(pairs: list[tuple[int, Decimal | None, bool]]) -> list[ScoreInput]:
    """ScoreInputs changing only theory: results_set writes both subjects, so the practical
    score already entered is passed through unchanged."""
    existing = {
        r.registration_id: r
        for r in Result.objects.filter(registration_id__in=[p[0] for p in pairs])
    }
    out = []
    for reg_id, score, absent in pairs:
        old = existing.get(reg_id)
        out.append(
            ScoreInput(
                registration_id=reg_id,
                theory=score,
                theory_absent=absent,
                practical=old.practical_score if old else None,
                practical_absent=old.practical_absent if old else False,
            )
        )
    return out


@transaction.atomic
def attempt_submit(
    *, actor, attempt: ExamAttempt, kind: str, now: datetime | None = None, reason: str = ""
) -> ExamAttempt:
    """Submit and score one attempt (idempotent: a submitted attempt is returned as is)."""
    now = now or timezone.now()
    attempt = ExamAttempt.objects.select_for_update().select_related("exam").get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        return attempt
    if kind not in (ExamAttempt.SELF, ExamAttempt.AUTO, ExamAttempt.FORCED):
        raise DomainError("submit_kind", "交卷方式不正确")
    opens = timing.submit_opens(attempt.ends_at)
    if kind != ExamAttempt.FORCED and now < opens:
        minutes = -(-int((opens - now).total_seconds()) // 60)
        raise DomainError(
            "submit_early", f"考试结束前不得交卷（还有约{minutes}分钟）", rule="EXAM-05"
        )
    exam = attempt.exam
    questions = exam_questions(exam, now=now)
    values = dict(Answer.objects.filter(attempt=attempt).values_list("item_id", "value"))
    attempt.points = points_of(questions, attempt.order, values)
    attempt.score = scaled(attempt.points, exam.total_points)
    attempt.submitted_at, attempt.submitted_by = now, kind
    attempt.save(update_fields=["points", "score", "submitted_at", "submitted_by"])
    audit_record(
        actor=actor,
        action="exam.submit",
        obj=attempt,
        institution_id=exam.institution_id,
        after={
            "kind": kind,
            "answered": len(values),
            "points": attempt.points,
            "score": attempt.score,
            "reason": reason,
        },
    )
    results_set(
        actor=actor,
        sitting=exam.sitting,
        items=_theory_inputs([(attempt.registration_id, attempt.score, False)]),
        source=EXAM_SYSTEM,  # EXAM-07: scored by the system, not typed by the candidate
    )
    return attempt


@transaction.atomic
def exam_finish_due(*, actor, exam: Exam, now: datetime | None = None) -> dict:
    """Auto-submit every attempt whose time (with grace) is over; once entry has closed and
    no attempt is running, mark seats without an attempt as theory absent and close."""
    now = now or timezone.now()
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    running = ExamAttempt.objects.filter(exam=exam, submitted_at__isnull=True)
    done = 0
    for attempt in running:
        if now >= timing.saves_close(attempt.ends_at):
            attempt_submit(actor=actor, attempt=attempt, kind=ExamAttempt.AUTO, now=now)
            done += 1
    still = ExamAttempt.objects.filter(exam=exam, submitted_at__isnull=True).count()
    absent = 0
    if (
        exam.status != Exam.CLOSED
        and still == 0
        and now >= timing.saves_close(timing.exam_ends(exam))
    ):
        present = ExamAttempt.objects.filter(exam=exam).values("registration_id")
        missing = list(
            Seat.objects.filter(
                registration__sitting_id=exam.sitting_id,
                registration__status=Registration.APPROVED,
            )
            .exclude(registration_id__in=present)
            .values_list("registration_id", flat=True)
        )
        if missing:
            results_set(
                actor=actor,
                sitting=exam.sitting,
                items=_theory_inputs([(r, None, True) for r in missing]),
                source=EXAM_SYSTEM,
            )
        absent, status_before = len(missing), exam.status
        exam.status, exam.closed_at = Exam.CLOSED, now
        exam.save(update_fields=["status", "closed_at"])
        audit_record(
            actor=actor,
            action="exam.close",
            obj=exam,
            before={"status": status_before},
            after={"status": Exam.CLOSED, "absent": absent},
        )
    return {"submitted": done, "running": still, "absent": absent, "closed": exam.status}
