"""Questions panels ask higher apps (issue 10: calls go one way, see core.hooks).

- `practical_refusal(sitting_id=, on=)`: REC-07, why the sitting's practical may not be
  prepared on `on` (an instrument at its stations past its calibration date), or None.
  Answered by records (the equipment ledger).
"""

from skillcert.core.hooks import Hook

practical_refusal = Hook("panels.practical_refusal", default=lambda *, sitting_id, on: None)
