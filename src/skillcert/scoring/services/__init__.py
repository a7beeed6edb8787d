"""Writes of scores and the pass decision (SCORE-01), the carry of a passed single subject
(SCORE-02), the notice to candidates (SCORE-04), appeals (SCORE-05) and publication
(SCORE-06); every change in the audit chain (REC-09).

Where SCORE-02 carrying happens: in `results_set`, for every candidate it writes. A subject
left empty (None, not absent) for a candidate who passed exactly that subject at an earlier
sitting of the same occupation, job type and level, taken no more than
rules().single_subject_valid_days before the day the candidate retakes the other subject,
is filled from the earlier score; the Result records `carried_subject`, `carried_from` (the
Result holding the original score, never a carry of a carry) and `carried_on` (the day it
was taken). A score typed into the carried subject replaces the carry. `results_carry`
pre-fills the carries of a whole sitting (the "带入沿用成绩" button; the plans app may call it
when it approves a registration) so the sheet shows them before any score is entered.
"""

from .appeals import appeal_create, appeal_deadline, appeal_resolve
from .carries import Carry, carries_for, single_passed_subject, subject_day
from .notices import mask_name, notice_due_on, results_missing, results_notify, results_publish
from .results import (
    ABSENT_WORDS,
    SUBJECT_LABELS,
    ScoreInput,
    decide_pass,
    parse_score,
    results_carry,
    results_set,
)

__all__ = [
    "ABSENT_WORDS",
    "Carry",
    "SUBJECT_LABELS",
    "ScoreInput",
    "appeal_create",
    "appeal_deadline",
    "appeal_resolve",
    "carries_for",
    "decide_pass",
    "mask_name",
    "notice_due_on",
    "parse_score",
    "results_carry",
    "results_missing",
    "results_notify",
    "results_publish",
    "results_set",
    "single_passed_subject",
    "subject_day",
]
