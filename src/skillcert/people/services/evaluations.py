"""Yearly evaluation of examiners (PEOPLE-06)."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError

from ..models import (
    Examiner,
    ExaminerEvaluation,
)
from .examiners import _examiner_snapshot
from .limits import EVALUATION_GRADES


def evaluation_grade(*, score: Decimal, assignments: int, missed_in_row: int) -> str:
    """PEOPLE-06: >= 90 优秀, 80-89 良好, 60-79 合格, < 60 不合格; no assignment in the year
    or two missed in a row is 不合格 whatever the score."""
    if assignments == 0 or missed_in_row >= 2:
        return ExaminerEvaluation.FAIL
    for floor, grade in EVALUATION_GRADES:
        if score >= floor:
            return grade
    return ExaminerEvaluation.FAIL


def evaluation_years_of_term(examiner: Examiner) -> list[int]:
    """The evaluation years that overlap the current 3-year appointment term (PEOPLE-06)."""
    start, until = examiner.contract_start, examiner.contract_until
    return [y for y in range(start.year, until.year + 1) if date(y, 1, 1) < until]


@transaction.atomic
def examiner_evaluate(
    *,
    actor,
    examiner: Examiner,
    year: int,
    score: Decimal,
    assignments: int,
    missed_in_row: int = 0,
    on: date | None = None,
) -> ExaminerEvaluation:
    """Record the annual evaluation (PEOPLE-06); 不合格 in two years of one appointment term
    dismisses the examiner and the qualification is lost. Both are audited."""
    examiner = Examiner.objects.select_for_update().get(pk=examiner.pk)
    score = Decimal(str(score))
    if not (0 <= score <= 100):
        raise DomainError("evaluation_score", "考核分数应在0到100之间", field="score")
    grade = evaluation_grade(score=score, assignments=assignments, missed_in_row=missed_in_row)
    note = ""
    if assignments == 0:
        note = "全年未参加考评"
    elif missed_in_row >= 2:
        note = "连续两次无故不参加考评"
    evaluation, created = ExaminerEvaluation.objects.update_or_create(
        examiner=examiner,
        year=year,
        defaults={
            "score": score,
            "assignments": assignments,
            "missed_in_row": missed_in_row,
            "grade": grade,
            "note": note,
        },
    )
    audit_record(
        actor=actor,
        action="examiner.evaluate",
        obj=evaluation,
        after={"year": year, "score": score, "grade": grade, "note": note},
        institution_id=examiner.institution_id,
    )
    fails = examiner.evaluations.filter(
        grade=ExaminerEvaluation.FAIL, year__in=evaluation_years_of_term(examiner)
    ).count()
    if fails >= 2 and examiner.status == Examiner.ACTIVE:
        before = _examiner_snapshot(examiner)
        examiner.status = Examiner.DISMISSED
        examiner.dismissed_on = on or date.today()
        examiner.save(update_fields=["status", "dismissed_on"])
        audit_record(
            actor=actor,
            action="examiner.dismiss",
            obj=examiner,
            before=before,
            after={**_examiner_snapshot(examiner), "reason": "聘期内两个年度考核不合格"},
        )
    return evaluation
