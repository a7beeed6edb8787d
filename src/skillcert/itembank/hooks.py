"""Questions itembank asks of the apps above it (core.hooks)."""

from skillcert.core.hooks import Hook

WRITE = "write"  # the purpose of writing or importing items (not a PaperUnlock purpose)

# EXAM-12: why `user` may not handle papers of `institution` for `purpose` (a PaperUnlock
# purpose, or WRITE): "" when a signed pledge covers it. Answered by records, which keeps
# the pledges; while none answers, nothing is refused.
pledge_missing = Hook(
    "itembank.pledge_missing", default=lambda *, user, institution_id, purpose: ""
)
