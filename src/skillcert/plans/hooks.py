"""Questions plans asks apps above it (issue 10: calls go one way; see core.hooks).

plans sits below certificates and scoring, so it never imports them: the certificates a
person holds (PLAN-05/06) and a sitting's score counts are answered by those apps from their
`AppConfig.ready`. Each default answers as if that app held nothing.
"""

from skillcert.core.hooks import Hook

# (person_ids, occupation_code, level_at_most) -> the ids among `person_ids` holding a valid
# certificate of that occupation whose level number is at most `level_at_most` (levels count
# down: 1 is the highest). One query for any number of persons.
certificate_holders = Hook("plans.certificate_holders", default=lambda **kwargs: set())

# (sitting) -> {"candidates", "scored", "passed"} counts for the sitting page.
sitting_summary = Hook(
    "plans.sitting_summary",
    default=lambda **kwargs: {"candidates": 0, "scored": 0, "passed": 0},
)
