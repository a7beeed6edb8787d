"""Writes of violations (VIOL-01..06), every change in the audit chain (REC-09), by process:
`records` (record, evidence, withdraw), `confirm` (the effect of the rule), `notices`
(VIOL-05 corrections sent).

Who does what:
- A proctor or examiner of the sitting, or exam-affairs staff, *records* a violation
  (`violation_record`): category, subject, time, notes, evidence. Nothing changes yet.
- An exam-affairs manager (director or exam-affairs member) *confirms* it
  (`violation_confirm`); the effect of its rule is applied then, in one transaction.
- Before confirmation the record may be *withdrawn* (`violation_withdraw`). After it, a
  change goes through an appeal (SCORE-05), which is not part of this app.

Scores: the rule's effect is written by scoring's own `sanctions.result_zero_for_violation`
(audited `result.violation`; why not `results_set` is told there); a cancelled (取消) and a
cheating (0分) subject are both 0.0, failed, and pages show "取消" or "0分（作弊）" from the
Violation row. A registration obtained by false material is cancelled by plans'
`sanctions.registration_cancel_for_violation`.

VIOL-05: when the registration already has a valid certificate, it is voided first through
`certificates.services.certificate_void` (reason and basis: the violation); its hook
(`corrections.notice_certificate_void`) creates the CorrectionNotice for the data already
sent upward, as for every other void (CERT-08).
"""

from .confirm import GRADUATION_MONTH_DAY, ban_end, violation_confirm
from .notices import correction_notices_mark_sent
from .records import (
    CLOCK_SKEW,
    NOTES_MAX,
    REASON_MAX,
    evidence_add,
    violation_record,
    violation_withdraw,
)

__all__ = [
    "CLOCK_SKEW",
    "GRADUATION_MONTH_DAY",
    "NOTES_MAX",
    "REASON_MAX",
    "ban_end",
    "correction_notices_mark_sent",
    "evidence_add",
    "violation_confirm",
    "violation_record",
    "violation_withdraw",
]
