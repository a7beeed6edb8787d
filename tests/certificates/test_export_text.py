"""Issue 16 item 13: the CERT-08 export writes a formula-like holder name as text."""

import io

from skillcert.certificates import export
from skillcert.certificates.models import Certificate
from tests.xlsx_text import EVIL, assert_written_as_text

from .conftest import issue


def test_certificate_export_writes_a_formula_like_name_as_text(sitting, manager):
    cert = issue(sitting, 1, actor=manager)[0]
    Certificate.objects.filter(pk=cert.pk).update(holder_name=EVIL)
    out = io.BytesIO()
    certs = export.export_certificates(sitting.institution, sitting=sitting)
    assert export.write_workbook(certs, out) == 1
    assert_written_as_text(out.getvalue(), EVIL)
