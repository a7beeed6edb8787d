"""Printed records: a plain A4 document (notices, reports) and landscape tables (signature
list CERT-09, archive index REC-03, destruction inventory REC-02), with the embedded CJK font
of core.pdf; tests read the text back (pypdf)."""

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.pdfgen import canvas as pdfcanvas

from skillcert.core.pdf import font_name, wrap

WIDTH, HEIGHT = A4
MARGIN = 25 * mm
BODY = 12


class Document:
    def __init__(self, title: str, *, author: str):
        self.font = font_name()
        self.out = io.BytesIO()
        self.c = pdfcanvas.Canvas(self.out, pagesize=A4, pageCompression=1)
        self.c.setTitle(title)
        self.c.setAuthor(author)
        self.y = HEIGHT - MARGIN
        self.c.setFont(self.font, 18)
        self.c.drawCentredString(WIDTH / 2, self.y - 8, title)
        self.y -= 48

    def _room(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.c.showPage()
            self.y = HEIGHT - MARGIN

    def heading(self, text: str) -> None:
        self._room(BODY * 3)
        self.y -= BODY * 0.6
        self.c.setFont(self.font, BODY + 2)
        self.c.drawString(MARGIN, self.y, text)
        self.y -= (BODY + 2) * 1.8

    def text(self, text: str, *, size: float = BODY, indent: float = 0) -> None:
        width = WIDTH - 2 * MARGIN - indent
        for paragraph in (text or "").splitlines() or [""]:
            for line in wrap(paragraph, self.font, size, width) or [""]:
                self._room(size * 1.8)
                self.c.setFont(self.font, size)
                self.c.drawString(MARGIN + indent, self.y, line)
                self.y -= size * 1.8

    def right(self, *lines: str) -> None:
        self.y -= BODY
        for line in lines:
            self._room(BODY * 1.8)
            self.c.setFont(self.font, BODY)
            self.c.drawRightString(WIDTH - MARGIN, self.y, line)
            self.y -= BODY * 1.8

    def bytes(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self.out.getvalue()


TABLE_MARGIN = 36
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
    scale = (page_w - 2 * TABLE_MARGIN) / sum(widths)
    widths = [w * scale for w in widths]
    c = canvas.Canvas(buffer, pagesize=(page_w, page_h))
    c.setTitle(title)
    page = 1

    def start() -> float:
        c.setFont(font, 16)
        c.drawCentredString(page_w / 2, page_h - TABLE_MARGIN - 10, title)
        y = page_h - TABLE_MARGIN - 34
        c.setFont(font, 10)
        for text in lines:
            c.drawString(TABLE_MARGIN, y, text)
            y -= 14
        return draw_row(headers, y - 4, bold=True)

    def draw_row(cells, y, *, bold=False) -> float:
        pairs = zip(cells, widths, strict=True)
        wrapped = [wrap(str(v), font, ROW_FONT, w - 6) or [""] for v, w in pairs]
        height = max(len(w) for w in wrapped) * LINE + 6
        c.setFont(font, ROW_FONT + (1 if bold else 0))
        x = TABLE_MARGIN
        for cell, w in zip(wrapped, widths, strict=True):
            c.rect(x, y - height, w, height)
            for i, text in enumerate(cell):
                c.drawString(x + 3, y - 12 - i * LINE, text)
            x += w
        return y - height

    def finish_page() -> None:
        c.setFont(font, 8)
        c.drawCentredString(page_w / 2, TABLE_MARGIN / 2, f"第{page}页")
        c.showPage()

    y = start()
    for row in rows:
        if y < TABLE_MARGIN + 60:
            finish_page()
            page += 1
            y = start()
        y = draw_row(row, y)
    c.setFont(font, 10)
    y -= 24
    for text in footer:
        if y < TABLE_MARGIN + 20:
            finish_page()
            page += 1
            y = page_h - TABLE_MARGIN - 20
            c.setFont(font, 10)
        c.drawString(TABLE_MARGIN, y, text)
        y -= 18
    finish_page()
    c.save()
    return buffer.getvalue()
