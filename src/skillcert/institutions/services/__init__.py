"""Writes of institutions: creation, filing (INST-01, INST-04) and scope rows (INST-12)."""

from .registry import (
    DETAILS,
    institution_create,
    institution_details_update,
    institution_file,
)
from .scope import (
    scope_check,
    scope_row_add,
    scope_row_remove,
    social_cap_check,
)
from .standing import (
    CHANGEABLE,
    institution_record_change,
    institution_reinstate,
    institution_suspend,
    membership_add,
)

__all__ = [
    "institution_create",
    "institution_details_update",
    "institution_file",
    "DETAILS",
    "scope_check",
    "scope_row_add",
    "scope_row_remove",
    "social_cap_check",
    "membership_add",
    "institution_suspend",
    "institution_reinstate",
    "institution_record_change",
    "CHANGEABLE",
]
