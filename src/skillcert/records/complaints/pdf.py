"""The written notice to a complainant as a PDF (REC-04), A4 portrait, the Kai font of
certificates/pdf.py embedded as a subset, for printing, mailing and the archive."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas

from skillcert.certificates.pdf import font_name, wrap

from ..models.complaints import ComplaintNotice
from .notices import zh_date

WIDTH, HEIGHT = A4
MARGIN = 25 * mm
BODY = 13
LEADING = BODY * 1.8


def notice_pdf(notice: ComplaintNotice, *, issuer: str) -> bytes:
    font = font_name()
    out = io.BytesIO()
    c = pdfcanvas.Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(notice.get_kind_display())
    c.setAuthor(issuer)
    c.setFont(font, 20)
    c.drawCentredString(WIDTH / 2, HEIGHT - MARGIN - 10, notice.get_kind_display())
    y = HEIGHT - MARGIN - 60
    c.setFont(font, BODY)
    width = WIDTH - 2 * MARGIN
    for paragraph in notice.text.splitlines() or [""]:
        for line in wrap(paragraph, font, BODY, width) or [""]:
            if y < MARGIN + 80:
                c.showPage()
                c.setFont(font, BODY)
                y = HEIGHT - MARGIN
            c.drawString(MARGIN, y, line)
            y -= LEADING
    y -= LEADING
    c.drawRightString(WIDTH - MARGIN, y, issuer)
    c.drawRightString(WIDTH - MARGIN, y - LEADING, zh_date(notice.issued_on))
    c.showPage()
    c.save()
    return out.getvalue()
