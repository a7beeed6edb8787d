"""A plain A4 document for the records parts (notices, reports): the Kai font of
certificates/pdf.py embedded as a subset, paragraphs wrapped the Chinese way, new pages as
needed. Tests read the text back (pypdf)."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
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
