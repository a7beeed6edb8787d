"""SCORE-02: a passed single subject carried into a later sitting (see the package
docstring for where carrying happens)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from skillcert.core import tenancy
from skillcert.core.rules import rules
from skillcert.plans.models import Registration

from ..models import PRACTICAL, THEORY, Result


@dataclass(frozen=True)
class Carry:
    subject: str  # THEORY or PRACTICAL: the subject passed earlier
    score: Decimal
    source: Result  # the Result holding the original score
    taken_on: date  # the day that subject was taken

    @property
    def label(self) -> str:
        return f"沿用{self.taken_on:%Y-%m-%d}成绩"


def _other(subject: str) -> str:
    return PRACTICAL if subject == THEORY else THEORY


def subject_day(sitting, subject: str) -> date | None:
    """The day a sitting assesses a subject (the other date when only one is set)."""
    own = sitting.theory_on if subject == THEORY else sitting.practical_on
    return own or sitting.practical_on or sitting.theory_on


def single_passed_subject(result: Result) -> str | None:
    """SCORE-02: the one subject passed in a failed result, else None."""
    if result.passed is not False:
        return None
    mark = rules().pass_mark
    ok = [
        s
        for s in (THEORY, PRACTICAL)
        if not getattr(result, f"{s}_absent")
        and getattr(result, f"{s}_score") is not None
        and getattr(result, f"{s}_score") >= mark
    ]
    return ok[0] if len(ok) == 1 else None


@tenancy.across_institutions("SCORE-02")
def carries_for(registrations) -> dict[int, Carry]:
    """SCORE-02: per registration id, the subject passed alone at an earlier sitting of the same
    occupation, job type and level, taken at most single_subject_valid_days before the day
    this registration's sitting assesses the other subject. The latest valid one wins."""
    regs = list(registrations)
    if not regs:
        return {}
    valid = timedelta(days=rules().single_subject_valid_days)
    earlier = (
        Result.objects.filter(
            registration__person_id__in={r.person_id for r in regs},
            registration__status=Registration.APPROVED,
            passed=False,
        )
        .exclude(registration__sitting_id__in={r.sitting_id for r in regs})
        .select_related("registration__sitting", "carried_from")
    )
    by_person: dict[int, list[Result]] = {}
    for res in earlier:
        by_person.setdefault(res.registration.person_id, []).append(res)
    out: dict[int, Carry] = {}
    for reg in regs:
        sitting = reg.sitting
        for res in by_person.get(reg.person_id, []):
            old = res.registration.sitting
            if (old.occupation_id, old.job_type_id, old.level) != (
                sitting.occupation_id,
                sitting.job_type_id,
                sitting.level,
            ):
                continue
            subject = single_passed_subject(res)
            if subject is None:
                continue
            if res.carried_subject == subject and res.carried_from is not None:
                source, taken_on = res.carried_from, res.carried_on
            else:
                source, taken_on = res, subject_day(old, subject)
            retake_on = subject_day(sitting, _other(subject))
            if taken_on is None or retake_on is None:
                continue
            if not (taken_on < retake_on <= taken_on + valid):
                continue
            best = out.get(reg.pk)
            if best is None or taken_on > best.taken_on:
                score = getattr(source, f"{subject}_score")
                out[reg.pk] = Carry(subject, score, source, taken_on)
    return out


def _apply_carry(result: Result, carry: Carry | None) -> None:
    """Fill the carried subject when it was left empty, or re-entered as the carried score
    (a GET-then-PUT round trip keeps the carry); a different score replaces the carry."""
    keep = None
    if carry is not None:
        score = getattr(result, f"{carry.subject}_score")
        absent = getattr(result, f"{carry.subject}_absent")
        if not absent and (score is None or score == carry.score):
            keep = carry
    if keep is None:
        result.carried_subject, result.carried_from, result.carried_on = "", None, None
        return
    setattr(result, f"{keep.subject}_score", keep.score)
    result.carried_subject, result.carried_from = keep.subject, keep.source
    result.carried_on = keep.taken_on
