"""Yearly evaluation of examiners (PEOPLE-06), built from the per-sitting ratings (PEOPLE-11).

**Decision (PEOPLE-06 with PEOPLE-11).** 004 考评员年度考核制度 四 grades the year by "the
weighted mean of the scores each sitting's 认定表 gave". The seed names no weights, so every
sitting the examiner served counts once (each 认定 is one assessment of one sitting's work).
- A year in which the system knows sittings the examiner served (their staffing plan names
  them as 考评员, held, last day in that year): the score *is* the mean of those sittings'
  ratings, rounded half up to one decimal, and the number of assignments is the number of
  those sittings. Every one of them must be rated first: a missing 认定表 would tilt the
  mean, so the evaluation is refused and names the sittings. A typed score or count that
  differs from the records is refused (field named) rather than silently overridden: the
  manual score no longer decides a year that has ratings.
- A year with no such sitting: the manual path as before (sittings held before the system,
  their 认定表 on paper): score and count are typed together; no assignment at all is
  不合格 whatever the score ("none in a year", PEOPLE-06), and with neither typed the year
  is exactly that (score 0, 不合格).
- Two missed assignments in a row (typed: the system does not record absences) stay 不合格.
A rating recorded or corrected after the year was evaluated re-evaluates that year
(arrangement.ratings.services), so the grade keeps following the ratings.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError

from ..hooks import ServedSitting, served_sittings
from ..models import (
    Examiner,
    ExaminerEvaluation,
)
from .examiners import _examiner_snapshot
from .limits import EVALUATION_GRADES

TENTH = Decimal("0.1")


def evaluation_grade(*, score: Decimal, assignments: int, missed_in_row: int) -> str:
    """PEOPLE-06: >= 90 优秀, 80-89 良好, 60-79 合格, < 60 不合格; no assignment in the year
    or two missed in a row is 不合格 whatever the score."""
    if assignments == 0 or missed_in_row >= 2:
        return ExaminerEvaluation.FAIL
    for floor, grade in EVALUATION_GRADES:
        if score >= floor:
            return grade
    return ExaminerEvaluation.FAIL


@dataclass(frozen=True)
class YearRatings:
    """The year's sittings from the system (PEOPLE-11) and the score they make."""

    sittings: list[ServedSitting]

    @property
    def rated(self) -> list[ServedSitting]:
        return [s for s in self.sittings if s.score is not None]

    @property
    def unrated(self) -> list[ServedSitting]:
        return [s for s in self.sittings if s.score is None]

    @property
    def mean(self) -> Decimal | None:
        """Equal-weight mean of the rated sittings, half up to one decimal."""
        rated = self.rated
        if not rated:
            return None
        total = sum((s.score for s in rated), Decimal(0))
        return (total / len(rated)).quantize(TENTH, rounding=ROUND_HALF_UP)


def year_ratings(*, examiner: Examiner, year: int) -> YearRatings:
    """The held sittings of `year` the examiner served, with their ratings (arrangement)."""
    return YearRatings(list(served_sittings(examiner=examiner, year=year)))


def evaluation_years_of_term(examiner: Examiner) -> list[int]:
    """The evaluation years that overlap the current 3-year appointment term (PEOPLE-06)."""
    start, until = examiner.contract_start, examiner.contract_until
    return [y for y in range(start.year, until.year + 1) if date(y, 1, 1) < until]


def _from_ratings(record: YearRatings, score, assignments) -> tuple[Decimal, int]:
    """PEOPLE-11: the year's score and count from the 认定表; refusals name the field."""
    if record.unrated:
        names = "、".join(s.name for s in record.unrated)
        raise DomainError(
            "evaluation_unrated",
            f"以下批次尚未填写考评人员认定表，不能登记年度考核：{names}",
            field="score",
            rule="PEOPLE-11",
        )
    mean, count = record.mean, len(record.sittings)
    if score is not None and Decimal(str(score)) != mean:
        raise DomainError(
            "evaluation_score_rated",
            f"考核分数取本年度{count}次考评人员认定的平均分{mean}，不能另填",
            field="score",
            rule="PEOPLE-11",
        )
    if assignments is not None and assignments != count:
        raise DomainError(
            "evaluation_assignments_rated",
            f"本年度参加考评次数按人员安排记录为{count}次，不能另填",
            field="assignments",
            rule="PEOPLE-11",
        )
    return mean, count


def _typed(score, assignments) -> tuple[Decimal, int]:
    if score is not None and assignments is None:
        # A typed score with no count would silently grade the year as "none" (不合格).
        raise DomainError(
            "evaluation_assignments_missing",
            "本年度没有人员安排记录，请填写本年度参加考评次数",
            field="assignments",
            rule="PEOPLE-06",
        )
    assignments = assignments or 0
    if score is None:
        if assignments:
            raise DomainError(
                "evaluation_score_missing",
                "本年度没有考评人员认定记录，请填写考核分数",
                field="score",
                rule="PEOPLE-06",
            )
        return Decimal(0), 0  # none in a year: 不合格 whatever the score
    score = Decimal(str(score))
    if not (0 <= score <= 100):
        raise DomainError("evaluation_score", "考核分数应在0到100之间", field="score")
    return score, assignments


@transaction.atomic
def examiner_evaluate(
    *,
    actor,
    examiner: Examiner,
    year: int,
    score: Decimal | None = None,
    assignments: int | None = None,
    missed_in_row: int = 0,
    on: date | None = None,
) -> ExaminerEvaluation:
    """Record the annual evaluation (PEOPLE-06) from the year's ratings (PEOPLE-11, see the
    module's decision); 不合格 in two years of one appointment term dismisses the examiner
    and the qualification is lost. Both are audited."""
    examiner = Examiner.objects.select_for_update().get(pk=examiner.pk)
    record = year_ratings(examiner=examiner, year=year)
    if record.sittings:
        score, assignments = _from_ratings(record, score, assignments)
    else:
        score, assignments = _typed(score, assignments)
    grade = evaluation_grade(score=score, assignments=assignments, missed_in_row=missed_in_row)
    note = ""
    if assignments == 0:
        note = "全年未参加考评"
    elif missed_in_row >= 2:
        note = "连续两次无故不参加考评"
    elif record.sittings:
        note = f"{len(record.sittings)}次考评人员认定的平均分"
    evaluation, created = ExaminerEvaluation.objects.update_or_create(
        examiner=examiner,
        year=year,
        defaults={
            "score": score,
            "assignments": assignments,
            "missed_in_row": missed_in_row,
            "grade": grade,
            "note": note,
            "rated_sittings": len(record.sittings),
        },
    )
    audit_record(
        actor=actor,
        action="examiner.evaluate",
        obj=evaluation,
        after={
            "year": year,
            "score": score,
            "grade": grade,
            "note": note,
            "rated_sittings": [s.sitting_id for s in record.sittings],
        },
        institution_id=examiner.institution_id,
    )
    _dismiss_after_two_fails(actor, examiner, on)
    return evaluation


def _dismiss_after_two_fails(actor, examiner: Examiner, on: date | None) -> None:
    """PEOPLE-06: 不合格 in two years of the term dismisses the examiner (audited)."""
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
