"""Writes of a filing application (备案申请): registration, draft, scope, attachments,
commitment, submission and the authority's preliminary review and confirmation.

Every state move goes through `flow.application_move` (INST-02); the checks of a submission
(what is missing, the scope rules CAT-02/03 and LEVEL-02..04, and for an incremental filing
INST-05..07) are made here first, each refusal naming its rule.
"""

from .application import (
    application_open,
    application_save,
    commitment_sign,
    scope_item_add,
    scope_item_remove,
)
from .attachments import attachment_add, attachment_bytes, attachment_remove
from .registration import institution_register
from .submission import AUTHORITY_STEPS, application_submit, authority_decide

__all__ = [
    "institution_register",
    "application_open",
    "application_save",
    "scope_item_add",
    "scope_item_remove",
    "attachment_add",
    "attachment_remove",
    "attachment_bytes",
    "commitment_sign",
    "application_submit",
    "authority_decide",
    "AUTHORITY_STEPS",
]
