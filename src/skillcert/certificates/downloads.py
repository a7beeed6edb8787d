"""Who gets which copy of a certificate PDF (CERT-03, 个人信息保护法), and the audit of every
download that carries full ID numbers (issue 16 item 15).

Managers (director, exam affairs) print and issue certificates, so they get the full number,
and each such download is audited. Read-only roles (examiners, supervisors, authority
staff) only check what was issued: they get the same page with the number masked as on
screens, unaudited because it holds nothing more than the pages show.
"""

import io

from django.db import models, transaction

from skillcert.core.audit import audit_record
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import can_manage

from .models import Certificate
from .pdf import render_certificates


@transaction.atomic
def full_id_download_record(*, actor, obj: models.Model, what: str) -> None:
    """Audit one download of a file with full ID numbers (`what`: pdf, pdf_batch, zip)."""
    audit_record(
        actor=actor,
        action="certificate.full_id_download",
        obj=obj,
        after={"file": what, "id_numbers": "full"},
    )


def certificate_pdf_for(*, actor, institution: Institution, certificate: Certificate) -> bytes:
    """The certificate PDF for this staff member: full and audited, or masked."""
    full = can_manage(actor, institution)
    buffer = io.BytesIO()
    render_certificates([certificate], buffer, masked=not full)
    if full:
        full_id_download_record(actor=actor, obj=certificate, what="pdf")
    return buffer.getvalue()


def certificate_pdf_of_holder(*, certificate: Certificate) -> bytes:
    """The holder's own copy (their own full number, as printed on the paper certificate)."""
    buffer = io.BytesIO()
    render_certificates([certificate], buffer)
    return buffer.getvalue()
