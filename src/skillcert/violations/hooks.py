"""Questions violations asks of the apps above it (core.hooks)."""

from skillcert.core.hooks import Hook

# REC-10: the room record (records app) a violation was written on, for the violation's page
# and its confirmation: {"label": ..., "url": ...} or None.
room_record_of = Hook("violations.room_record_of", default=lambda *, violation: None)
