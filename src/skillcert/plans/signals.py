"""Signals of plans that higher apps listen to (issue 10: calls go one way).

- `registrations_changed(sitting_ids=)`: registrations of these sittings were written in bulk
  (a roster import, a review decision on many), where no model signal fires. Reports marks
  the sittings' statistics to be counted again (REC-08)."""

from django.dispatch import Signal

registrations_changed = Signal()
