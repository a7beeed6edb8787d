"""Complaints of candidates (REC-04)."""
