"""Writes of the 考评人员认定表 (PEOPLE-11): rate an examiner who served a held sitting, once;
a re-rating is a correction with its reason, audited with the row before and after. A year
already evaluated is evaluated again from the ratings (PEOPLE-06 follows PEOPLE-11)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.people.models import Examiner, ExaminerEvaluation, Person
from skillcert.people.services import examiner_evaluate, year_ratings
from skillcert.plans.models import Sitting

from .models import ExaminerRating
from .selectors import held, last_day, served_examiners

REMARK_MAX = 500
REASON_MAX = 200


def rating_score(value, *, field: str = "score") -> Decimal:
    """0–100 with at most one decimal, else a refusal naming the field (PEOPLE-11)."""
    message = "认定分数应为0到100之间的数，最多一位小数"
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError("rating_score", message, field=field, rule="PEOPLE-11") from None
    if not score.is_finite() or not (0 <= score <= 100) or score != score.quantize(Decimal("0.1")):
        raise DomainError("rating_score", message, field=field, rule="PEOPLE-11")
    return score.quantize(Decimal("0.1"))


def _snapshot(r: ExaminerRating) -> dict:
    return {
        "sitting": r.sitting_id,
        "examiner": r.examiner_id,
        "score": str(r.score),
        "remark": r.remark,
        "revision": r.revision,
        "reason": r.correction_reason,
    }


def _may_rate(actor, sitting: Sitting, examiner: Examiner) -> None:
    """PEOPLE-11: a held sitting, an examiner it was served by, and not the rater themself."""
    if not held(sitting):
        day = last_day(sitting)
        when = f"（最后考试日{day:%Y-%m-%d}）" if day else "（尚未确定考试日期）"
        raise DomainError(
            "rating_before_held",
            f"批次考试结束后才能填写考评人员认定表{when}",
            rule="PEOPLE-11",
        )
    if examiner.pk not in {e.pk for e in served_examiners(sitting=sitting)}:
        raise DomainError(
            "rating_not_served",
            f"{examiner.person.name}未在本批次担任考评员，不能认定",
            field="examiner",
            rule="PEOPLE-11",
        )
    user_id = getattr(actor, "pk", None)
    if user_id and Person.objects.filter(pk=examiner.person_id, user_id=user_id).exists():
        raise DomainError(
            "rating_self", "不能为本人填写考评人员认定", field="examiner", rule="PEOPLE-11"
        )


def _text(value: str, *, limit: int, field: str, label: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise DomainError("rating_text", f"{label}不能超过{limit}字", field=field)
    return value


@transaction.atomic
def examiner_rate(
    *,
    actor,
    sitting: Sitting,
    examiner: Examiner,
    score,
    remark: str = "",
    reason: str = "",
) -> ExaminerRating:
    """Rate (or correct the rating of) one examiner for one sitting (PEOPLE-11)."""
    score = rating_score(score)
    remark = _text(remark, limit=REMARK_MAX, field="remark", label="认定意见")
    reason = _text(reason, limit=REASON_MAX, field="reason", label="更正理由")
    _may_rate(actor, sitting, examiner)
    rating = (
        ExaminerRating.objects.select_for_update()
        .filter(sitting=sitting, examiner=examiner)
        .first()
    )
    rater = actor if getattr(actor, "is_authenticated", False) else None
    if rating is None:
        rating = ExaminerRating.objects.create(
            institution_id=sitting.institution_id,
            sitting=sitting,
            examiner=examiner,
            score=score,
            remark=remark,
            rated_by=rater,
            rated_at=timezone.now(),
        )
        audit_record(
            actor=actor, action="examiner_rating.record", obj=rating, after=_snapshot(rating)
        )
    elif (rating.score, rating.remark) != (score, remark):
        if not reason:
            raise DomainError(
                "rating_reason",
                f"{examiner.person.name}本批次已认定（{rating.score}分），更正须填写更正理由",
                field="reason",
                rule="PEOPLE-11",
            )
        before = _snapshot(rating)
        rating.score, rating.remark, rating.correction_reason = score, remark, reason
        rating.revision += 1
        rating.rated_by, rating.rated_at = rater, timezone.now()
        rating.save()
        audit_record(
            actor=actor,
            action="examiner_rating.correct",
            obj=rating,
            before=before,
            after=_snapshot(rating),
        )
    else:
        return rating  # nothing changed: nothing written
    _follow_evaluation(actor, examiner, last_day(sitting).year)
    return rating


def _follow_evaluation(actor, examiner: Examiner, year: int) -> None:
    """PEOPLE-06 follows PEOPLE-11: a year already evaluated is evaluated again once all its
    sittings are rated (the typed count of missed assignments kept)."""
    done = ExaminerEvaluation.objects.filter(examiner=examiner, year=year).first()
    if done is None or year_ratings(examiner=examiner, year=year).unrated:
        return
    examiner_evaluate(actor=actor, examiner=examiner, year=year, missed_in_row=done.missed_in_row)


@dataclass(frozen=True)
class RatingInput:
    """One row of the page's 认定表: the examiner and what was typed for them."""

    examiner: Examiner
    score: str
    remark: str = ""


@transaction.atomic
def sitting_rate(*, actor, sitting: Sitting, rows: list[RatingInput], reason: str = "") -> int:
    """The page's whole 认定表 in one transaction: rows with a score are rated or corrected;
    any refusal names the row's field and the examiner, and nothing is written. Returns the
    number of rows written."""
    written = 0
    for row in rows:
        if not (row.score or "").strip():
            continue
        before = ExaminerRating.objects.filter(sitting=sitting, examiner=row.examiner).first()
        try:
            after = examiner_rate(
                actor=actor,
                sitting=sitting,
                examiner=row.examiner,
                score=row.score,
                remark=row.remark,
                reason=reason,
            )
        except DomainError as exc:
            field = exc.field if exc.field in ("reason", None) else f"{exc.field}_{row.examiner.pk}"
            name, message = row.examiner.person.name, exc.message
            if name not in message:
                message = f"{name}：{message}"
            raise DomainError(exc.code, message, field=field, rule=exc.rule) from None
        if before is None or after.revision != before.revision:
            written += 1
    return written


def rated_refusal(*, sitting: Sitting, person_ids: set[int] | None = None) -> DomainError | None:
    """The staffing of a rated sitting is settled (PEOPLE-11): regenerating it, or changing a
    rated examiner's row, would rate people for work the plan no longer shows."""
    rated = ExaminerRating.objects.filter(sitting=sitting)
    if person_ids is not None:
        rated = rated.filter(examiner__person_id__in=person_ids)
    if not rated.exists():
        return None
    return DomainError(
        "staffing_rated",
        "本批次已填写考评人员认定表，已认定考评员的人员安排不能再修改",
        rule="PEOPLE-11",
    )
