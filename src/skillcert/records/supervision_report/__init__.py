"""The supervision group's report of a sitting (REC-06)."""
