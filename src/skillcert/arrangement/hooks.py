"""Questions arrangement asks of apps above it (core.hooks: calls go one way).

The admission ticket prints the theory exam's start and end (ARR-02), but online exams
belong to `exams`, which stands above arrangement; exams answers from its `ready()`.
"""

from datetime import datetime

from skillcert.core.hooks import Hook


def _no_exam(*, sitting) -> tuple[datetime, int] | None:
    return None


# (starts_at, duration in minutes) of the sitting's first online theory exam, or None.
theory_exam_window = Hook("arrangement.theory_exam_window", default=_no_exam)


# The external supervisors the authority sent to the sitting (supervision answers):
# a list of (name, unit), shown on the staffing page.
external_supervisors = Hook("arrangement.external_supervisors", default=lambda *, sitting: [])
