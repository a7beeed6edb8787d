"""A small A4 writer for the filing documents (the evaluation sheet, the receipt letter):
ReportLab canvas, the Kai font of the certificates embedded as a subset, wrapped text and
ruled tables whose rows grow with their longest cell."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas

from skillcert.core.pdf import font_name, wrap

W, H = A4
MARGIN = 18 * mm


class Writer:
    def __init__(self, title: str):
        self.buffer = io.BytesIO()
        self.c = pdfcanvas.Canvas(self.buffer, pagesize=A4, pageCompression=1)
        self.c.setTitle(title)
        self.font = font_name()
        self.page = 0
        self.new_page()

    def new_page(self) -> None:
        if self.page:
            self.c.showPage()
        self.page += 1
        self.y = H - MARGIN
        self.c.setFont(self.font, 8)
        self.c.drawRightString(W - MARGIN, MARGIN / 2, f"第 {self.page} 页")

    def _room(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.new_page()

    def heading(self, text: str, size: float = 15) -> None:
        self._room(size + 12)
        self.c.setFont(self.font, size)
        for line in wrap(text, self.font, size, W - 2 * MARGIN):
            self.c.drawCentredString(W / 2, self.y - size, line)
            self.y -= size + 6
        self.y -= 6

    def text(self, text: str, *, size: float = 11, indent: float = 0, right=False) -> None:
        for line in wrap(text, self.font, size, W - 2 * MARGIN - indent) or [""]:
            self._room(size + 6)
            self.c.setFont(self.font, size)
            if right:
                self.c.drawRightString(W - MARGIN, self.y - size, line)
            else:
                self.c.drawString(MARGIN + indent, self.y - size, line)
            self.y -= size + 6

    def space(self, height: float = 8) -> None:
        self.y -= height

    def table(self, widths: list[float], rows: list[list[str]], *, size: float = 8.5) -> None:
        """Rows of cells; `widths` are shares of the text width. Row 0 is the header and is
        repeated on each new page."""
        total = sum(widths)
        cols = [(W - 2 * MARGIN) * w / total for w in widths]
        header = rows[0] if rows else None
        for i, row in enumerate(rows):
            lines = [
                wrap(str(cell), self.font, size, cols[k] - 4) or [""] for k, cell in enumerate(row)
            ]
            height = max(len(x) for x in lines) * (size + 3) + 5
            if self.y - height < MARGIN:
                self.new_page()
                if header is not None and i > 0:
                    self._row(
                        cols,
                        [
                            wrap(str(c), self.font, size, w - 4) or [""]
                            for c, w in zip(header, cols, strict=True)
                        ],
                        size,
                    )
            self._row(cols, lines, size)

    def _row(self, cols: list[float], lines: list[list[str]], size: float) -> None:
        height = max(len(x) for x in lines) * (size + 3) + 5
        x = MARGIN
        self.c.setFont(self.font, size)
        for width, cell in zip(cols, lines, strict=True):
            self.c.rect(x, self.y - height, width, height)
            for n, line in enumerate(cell):
                self.c.drawString(x + 2, self.y - 3 - size - n * (size + 3), line)
            x += width
        self.y -= height

    def done(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self.buffer.getvalue()
