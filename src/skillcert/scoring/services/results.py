"""Writes of scores and the pass decision (SCORE-01): `results_set`, the one door every
score goes through (entry_rules checks it), and `results_carry` (SCORE-02)."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from skillcert.core.audit import AuditDraft, audit_record_many
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.plans.models import Registration

from .. import entry_rules, hooks
from ..models import PRACTICAL, THEORY, Result
from .carries import Carry, _apply_carry, carries_for

SUBJECT_LABELS = {THEORY: "理论", PRACTICAL: "技能"}

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
        "carried_subject": result.carried_subject,
        "carried_from": result.carried_from_id,
    }


def _score(value: Decimal | None, absent: bool) -> Decimal | None:
    # SCORE-01: an absent candidate scores 0 in that subject. One decimal, as stored.
    if absent:
        return Decimal("0.0")
    if value is None:
        return None
    checked, _ = parse_score(value, field="score")  # services own the range rule too
    return checked.quantize(Decimal("0.1"))


def _apply(result: Result, item: ScoreInput, carry: "Carry | None" = None) -> None:
    result.theory_absent, result.practical_absent = item.theory_absent, item.practical_absent
    result.theory_score = _score(item.theory, item.theory_absent)
    result.practical_score = _score(item.practical, item.practical_absent)
    _apply_carry(result, carry)
    result.passed = decide_pass(result.theory_score, result.practical_score)


@transaction.atomic
def results_set(
    *,
    actor,
    sitting,
    items: list[ScoreInput],
    basis: dict | None = None,
    certificate_settled: bool = False,
    source: str = entry_rules.ENTRY,
) -> list[Result]:
    """Enter or change scores of a sitting's candidates: all rows or none, each change audited.

    SCORE-02: an empty subject is filled from a valid carry (see the module docstring).
    `basis` (e.g. {"appeal": 12}) is recorded in each audit entry's `after` (SCORE-05).
    `certificate_settled` is for the appeal path only (scoring.signals.appeal_decided), which
    voids or keeps the certificate itself in the same transaction (CERT-06).
    `source` names the door the scores come through (entry_rules: typed entry, online exam,
    panel summary, appeal, carry); entry_rules decides who may write which subject, and when
    (SCORE-03, SCORE-06, ARR-04/05, nothing before the exam day).
    """
    regs = {
        r.pk: r
        for r in Registration.objects.select_for_update().filter(
            sitting=sitting, pk__in=[i.registration_id for i in items]
        )
    }
    for reg in regs.values():
        reg.sitting = sitting
    carries = carries_for(regs.values())
    existing = {r.registration_id: r for r in Result.objects.filter(registration_id__in=regs)}
    issued = set(
        Registration.objects.filter(pk__in=regs, certificate__isnull=False).values_list(
            "pk", flat=True
        )
    )
    sanctioned = hooks.sanctioned_subjects(registration_ids=regs)
    guard = None  # read on the first row that changes (an unchanged sheet costs nothing)
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
        _apply(result, item, carries.get(reg.pk))
        after = _state(result)
        if before == after:
            continue
        if reg.pk in issued and not certificate_settled:
            raise DomainError(
                "score_certified", f"{reg.person.name}已核发证书，成绩不能再修改", rule="CERT-06"
            )
        _refuse_sanctioned(reg, before, after, sanctioned.get(reg.pk, set()))
        guard = guard or entry_rules.EntryCheck.load(actor=actor, sitting=sitting, source=source)
        guard.check(reg, before, after)
        result.entered_by = actor if getattr(actor, "is_authenticated", False) else None
        result.save()
        changed.append(result)
        if basis:
            after = {**after, "basis": basis}
        drafts.append(
            AuditDraft(
                "result.set", "scoring.result", str(result.pk), reg.institution_id, before, after
            )
        )
    audit_record_many(actor=actor, drafts=drafts)
    return changed


def _refuse_sanctioned(reg, before: dict | None, after: dict, subjects: set[str]) -> None:
    """VIOL-01..04: a subject decided by a confirmed violation is not re-scored here."""
    for subject in sorted(subjects):
        keys = (subject, f"{subject}_absent")
        if before is not None and any(before[k] != after[k] for k in keys):
            label = "理论知识" if subject == THEORY else "操作技能"
            raise DomainError(
                "score_sanctioned",
                f"{reg.person.name}的{label}成绩已按违纪处理决定，不能在此修改",
                rule="VIOL-01",
            )


@transaction.atomic
def results_carry(*, actor, sitting) -> list[Result]:
    """SCORE-02: write the valid carries of a sitting's approved candidates before scoring, so
    sheets and the portal show "沿用…成绩" and the candidate sits only the other subject."""
    regs = list(
        Registration.objects.filter(sitting=sitting, status=Registration.APPROVED).select_related(
            "result"
        )
    )
    for reg in regs:
        reg.sitting = sitting
    carries = carries_for(regs)
    items = []
    for reg in regs:
        if reg.pk not in carries:
            continue
        res = getattr(reg, "result", None)
        items.append(
            ScoreInput(
                reg.pk,
                res.theory_score if res else None,
                res.practical_score if res else None,
                res.theory_absent if res else False,
                res.practical_absent if res else False,
            )
        )
    return results_set(actor=actor, sitting=sitting, items=items, source=entry_rules.CARRY)
