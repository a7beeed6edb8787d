"""Writes of scoring.Result on a confirmed violation (VIOL-01..05), called by violations.

Not through `services.results_set`, because
1. results_set refuses any change once a certificate row exists for the registration, and
   a voided certificate is still a row (CERT-06): voiding first would not let it through;
2. results_set decides `passed` with decide_pass, which stays undecided (None) while the
   other subject is not scored yet, whereas a violation decides the fail now;
3. the audit entry names the violation and rule that changed the score.
A cancelled (取消) subject and a cheating (0分) subject are both stored as 0.0 with
passed=False, so every later recomputation under SCORE-01 keeps the fail; whether the 0 is a
cancellation or cheating is on the Violation row.
"""

from decimal import Decimal

from django.db import transaction

from skillcert.core.audit import audit_record
from skillcert.plans.models import Registration

from ..models import PRACTICAL, THEORY, Result


def _state(r: Result) -> dict:
    return {
        "theory": r.theory_score,
        "theory_absent": r.theory_absent,
        "practical": r.practical_score,
        "practical_absent": r.practical_absent,
        "passed": r.passed,
    }


@transaction.atomic
def result_zero_for_violation(
    *, actor, registration: Registration, subjects: tuple[str, ...], basis: dict
) -> Result:
    """Score `subjects` (THEORY / PRACTICAL) 0.0 and the result failed; audited as
    `result.violation` with `basis` (the violation and its rule) when anything changed."""
    result = Result.objects.select_for_update().filter(registration=registration).first()
    if result is None:
        result = Result(registration=registration, institution_id=registration.institution_id)
    before = _state(result) if result.pk else None
    zero = Decimal("0.0")
    if THEORY in subjects:
        result.theory_score = zero
    if PRACTICAL in subjects:
        result.practical_score = zero
    result.passed = False
    after = _state(result)
    if before != after:
        result.save()
        audit_record(
            actor=actor,
            action="result.violation",
            obj=result,
            before=before,
            after={**after, **basis},
        )
    return result
