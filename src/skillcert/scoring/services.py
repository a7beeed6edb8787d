"""Writes of scores and the pass decision (SCORE-01), every change in the audit chain (REC-09)."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from skillcert.core.audit import AuditDraft, audit_record_many
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.plans.models import Registration

from .models import Result

ABSENT_WORDS = {"缺考", "缺席", "absent"}


@dataclass(frozen=True)
class ScoreInput:
    """One candidate's scores as entered; None means not entered yet."""

    registration_id: int
    theory: Decimal | None = None
    practical: Decimal | None = None
    theory_absent: bool = False
    practical_absent: bool = False


def parse_score(raw, *, field: str) -> tuple[Decimal | None, bool]:
    """'85.5' -> (85.5, False); '缺考' -> (0, True); '' -> (None, False). SCORE-01: out of 100."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        return None, False
    if text.lower() in ABSENT_WORDS:
        return Decimal("0"), True
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DomainError("score_format", f"成绩“{text}”不是数字", field=field) from None
    full = rules().full_mark
    if not value.is_finite() or value < 0 or value > full:
        raise DomainError(
            "score_range", f"成绩{text}应在0到{full}之间", field=field, rule="SCORE-01"
        )
    if value != value.quantize(Decimal("0.1")):
        raise DomainError("score_precision", f"成绩{text}最多保留1位小数", field=field)
    return value, False


def decide_pass(theory: Decimal | None, practical: Decimal | None) -> bool | None:
    """SCORE-01: both subjects >= the pass mark; undecided while either is missing."""
    if theory is None or practical is None:
        return None
    mark = rules().pass_mark
    return theory >= mark and practical >= mark


def _state(result: Result | None) -> dict | None:
    if result is None:
        return None
    return {
        "theory": result.theory_score,
        "theory_absent": result.theory_absent,
        "practical": result.practical_score,
        "practical_absent": result.practical_absent,
        "passed": result.passed,
    }


def _score(value: Decimal | None, absent: bool) -> Decimal | None:
    # SCORE-01: an absent candidate scores 0 in that subject. One decimal, as stored.
    if absent:
        return Decimal("0.0")
    if value is None:
        return None
    checked, _ = parse_score(value, field="score")  # services own the range rule too
    return checked.quantize(Decimal("0.1"))


def _apply(result: Result, item: ScoreInput) -> None:
    result.theory_absent, result.practical_absent = item.theory_absent, item.practical_absent
    result.theory_score = _score(item.theory, item.theory_absent)
    result.practical_score = _score(item.practical, item.practical_absent)
    result.passed = decide_pass(result.theory_score, result.practical_score)


@transaction.atomic
def results_set(*, actor, sitting, items: list[ScoreInput]) -> list[Result]:
    """Enter or change scores of a sitting's candidates: all rows or none, each change audited."""
    regs = {
        r.pk: r
        for r in Registration.objects.select_for_update().filter(
            sitting=sitting, pk__in=[i.registration_id for i in items]
        )
    }
    existing = {r.registration_id: r for r in Result.objects.filter(registration_id__in=regs)}
    issued = set(
        Registration.objects.filter(pk__in=regs, certificate__isnull=False).values_list(
            "pk", flat=True
        )
    )
    changed, drafts = [], []
    for item in items:
        reg = regs.get(item.registration_id)
        if reg is None:
            raise DomainError("score_registration", f"报名号{item.registration_id}不属于本批次")
        if reg.status != Registration.APPROVED:
            raise DomainError(
                "score_not_approved",
                f"{reg.person.name}的报名未通过审核，不能录入成绩",
                rule="PLAN-08",
            )
        result = existing.get(reg.pk) or Result(registration=reg, institution_id=reg.institution_id)
        before = _state(result if result.pk else None)
        _apply(result, item)
        after = _state(result)
        if before == after:
            continue
        if reg.pk in issued:
            raise DomainError(
                "score_certified", f"{reg.person.name}已核发证书，成绩不能再修改", rule="CERT-06"
            )
        result.entered_by = actor if getattr(actor, "is_authenticated", False) else None
        result.save()
        changed.append(result)
        drafts.append(
            AuditDraft(
                "result.set", "scoring.result", str(result.pk), reg.institution_id, before, after
            )
        )
    audit_record_many(actor=actor, drafts=drafts)
    return changed
