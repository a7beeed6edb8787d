"""Printed forms of records as tables (signature list CERT-09, archive index REC-03,
destruction inventory REC-02): ReportLab with the embedded CJK font of core.pdf."""

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from skillcert.core.pdf import font_name, wrap

MARGIN = 36
ROW_FONT = 9
LINE = 12


def table_pdf(
    *,
    title: str,
    lines: Sequence[str],
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    footer: Sequence[str] = (),
) -> bytes:
    """A landscape A4 table: title, header lines, one row per record (cells wrapped), pages
    numbered, the header row repeated on each page and `footer` lines (signatures) at the end."""
    font = font_name()
    buffer = io.BytesIO()
    page_w, page_h = landscape(A4)
    scale = (page_w - 2 * MARGIN) / sum(widths)
    widths = [w * scale for w in widths]
    c = canvas.Canvas(buffer, pagesize=(page_w, page_h))
    c.setTitle(title)
    page = 1

    def start() -> float:
        c.setFont(font, 16)
        c.drawCentredString(page_w / 2, page_h - MARGIN - 10, title)
        y = page_h - MARGIN - 34
        c.setFont(font, 10)
        for text in lines:
            c.drawString(MARGIN, y, text)
            y -= 14
        return draw_row(headers, y - 4, bold=True)

    def draw_row(cells, y, *, bold=False) -> float:
        pairs = zip(cells, widths, strict=True)
        wrapped = [wrap(str(v), font, ROW_FONT, w - 6) or [""] for v, w in pairs]
        height = max(len(w) for w in wrapped) * LINE + 6
        c.setFont(font, ROW_FONT + (1 if bold else 0))
        x = MARGIN
        for cell, w in zip(wrapped, widths, strict=True):
            c.rect(x, y - height, w, height)
            for i, text in enumerate(cell):
                c.drawString(x + 3, y - 12 - i * LINE, text)
            x += w
        return y - height

    def finish_page() -> None:
        c.setFont(font, 8)
        c.drawCentredString(page_w / 2, MARGIN / 2, f"第{page}页")
        c.showPage()

    y = start()
    for row in rows:
        if y < MARGIN + 60:
            finish_page()
            page += 1
            y = start()
        y = draw_row(row, y)
    c.setFont(font, 10)
    y -= 24
    for text in footer:
        if y < MARGIN + 20:
            finish_page()
            page += 1
            y = page_h - MARGIN - 20
            c.setFont(font, 10)
        c.drawString(MARGIN, y, text)
        y -= 18
    finish_page()
    c.save()
    return buffer.getvalue()
