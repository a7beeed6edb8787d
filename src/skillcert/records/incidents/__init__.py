"""Incidents of a sitting (REC-05)."""
