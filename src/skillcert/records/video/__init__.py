"""Video monitoring of a sitting (REC-11)."""
