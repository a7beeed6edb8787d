"""Questions scoring asks higher apps (issue 10: calls go one way, see core.hooks).

- `signed_practicals(sitting_id=)`: SCORE-03, per registration id the practical (score,
  absent) of the summaries the panels' leaders signed; None when no panel scores this
  sitting's practical. Answered by panels.
- `panel_scored(registration_id=)`: SCORE-03/05, whether a panel scored this candidate's
  practical (then only the panel changes it). Answered by panels.
- `summary_signed_since(sitting_id=, since=)`: SCORE-03/05, whether a panel of the sitting
  signed a summary after `since` (the panel re-scored for an appeal). Answered by panels.
- `sanctioned_subjects(registration_ids=)`: VIOL-01..04, per registration the subjects a
  confirmed violation decided. Answered by violations.
- `practical_refusal(sitting_id=, on=)`: REC-07, why the sitting's practical may not be held
  on `on` (an instrument at its stations past its calibration date), or None. Answered by
  records (the equipment ledger); asked by typed practical scores here and by panels.
"""

from skillcert.core.hooks import Hook

signed_practicals = Hook("scoring.signed_practicals", default=lambda *, sitting_id: None)
panel_scored = Hook("scoring.panel_scored", default=lambda *, registration_id: False)
summary_signed_since = Hook(
    "scoring.summary_signed_since", default=lambda *, sitting_id, since: False
)
sanctioned_subjects = Hook("scoring.sanctioned_subjects", default=lambda *, registration_ids: {})
practical_refusal = Hook("scoring.practical_refusal", default=lambda *, sitting_id, on: None)
