"""Writes of certificates (CERT-01..07), each audited in its transaction, by process:

- `registers`: issue registers, created, reviewed and issued (CERT-01..04);
- `voids`: voiding a certificate and the PLAN-09 ban after a revocation (CERT-06, VIOL-05);
- `replacements`: reprints of a lost or damaged certificate (CERT-05);
- `jobs`: the background batch PDF and ZIP of an issued register (CERT-03).

The blank stock (CERT-07) is in `certificates.stock`, the authority export (CERT-08) in
`certificates.export`.
"""

from .jobs import (
    pdf_job_create,
    pdf_job_start,
    register_pdf_render,
    register_zip_render,
    zip_job_create,
    zip_job_start,
)
from .registers import (
    issue_day,
    issue_register_create,
    issue_register_issue,
    issue_register_review,
)
from .replacements import replacement_create
from .voids import VOID_REASON_MAX, certificate_void

__all__ = [
    "VOID_REASON_MAX",
    "certificate_void",
    "issue_day",
    "issue_register_create",
    "issue_register_issue",
    "issue_register_review",
    "pdf_job_create",
    "pdf_job_start",
    "register_pdf_render",
    "register_zip_render",
    "replacement_create",
    "zip_job_create",
    "zip_job_start",
]
