"""Writes of practical scoring by panels (SCORE-03, EXAM-09, ARR-05, PEOPLE-03/04).

Every write is audited (REC-09): panel set-up, modules, work numbers (count only: the
mapping itself is the secret of EXAM-09), points entered or changed, signatures, a version
becoming valid, the checker's tally, the leader's summary, the lock, and the practical
scores written to scoring.Result through `results_set` (which audits them again).

Signing: a member signs with their own login and password (`user.check_password`); a
signature covers the version's content digest. Points of a version nobody signed yet can be
edited; once anyone signed it, a change is a new version that again needs everyone. After
the summary the panel is locked: names are shown (EXAM-09) and a change still follows the
same path (new version, every member signs, the checker re-checks, the leader re-signs);
only then does Result change.

Wrong signing passwords are counted per user in the cache, like the candidates' sign-in
(skillcert.core.lockout): after `sign_password_failures` within `sign_lock_minutes` the user
cannot sign anything for `sign_lock_minutes`, even with the right password (SCORE-03).

Absence (缺考, SCORE-01): the leader or a manager records a work number as absent before the
summary, with its basis, and may undo it before the summary; nobody scores or signs for an
absent candidate, and the summary writes practical_absent to the result (never a typed 0).
"""

from .absence import absence_mark, absence_undo
from .base import MAX_ITEMS, MAX_PASSWORD, WORK_NUMBER_DIGITS
from .setup import module_create, module_delete, panel_create, work_numbers_assign
from .signing import ScoreEntry, scores_enter, versions_sign
from .summary import summary_sign, tally_confirm

__all__ = [
    "MAX_ITEMS",
    "MAX_PASSWORD",
    "ScoreEntry",
    "WORK_NUMBER_DIGITS",
    "absence_mark",
    "absence_undo",
    "module_create",
    "module_delete",
    "panel_create",
    "scores_enter",
    "summary_sign",
    "tally_confirm",
    "versions_sign",
    "work_numbers_assign",
]
