"""Questions people asks apps above it (core.hooks: calls go one way).

An examiner's sittings and their per-sitting ratings (考评人员认定表, PEOPLE-11) live in
`arrangement`, which stands above people because a rating names a sitting; the annual
evaluation (PEOPLE-06) is built from them, so people asks and arrangement answers from its
`ready()`. The default answers as if the examiner had served no sitting in the system.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from skillcert.core.hooks import Hook


@dataclass(frozen=True)
class ServedSitting:
    """A held sitting the examiner served as 考评员, with its rating (None: not rated yet)."""

    sitting_id: int
    name: str
    last_day: date
    score: Decimal | None


# (examiner, year) -> the held sittings of the examiner's institution whose staffing plan
# names the examiner as 考评员 and whose last day falls in `year`, oldest first.
served_sittings = Hook("people.served_sittings", default=lambda *, examiner, year: [])
