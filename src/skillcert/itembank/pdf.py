"""Printable paper and answer key (ReportLab, the Kai font of the certificates, EXAM-04).

The PDFs are built from content that custody has unsealed and logged; this module only lays
it out. A4 portrait, questions grouped by type with their points; choice options on lines.
"""

import io
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas

from skillcert.core.numbers import decimal_text
from skillcert.core.pdf import font_name, wrap

from .item_check import LETTERS, answer_text
from .kinds import KIND_LABELS, KIND_ORDER

W, H = A4
MARGIN = 20 * mm
LINE = 16
SIZE = 11
CN_NUM = "一二三四五六七八九十"


class _Writer:
    def __init__(self, title: str, subtitle: str):
        self.buffer = io.BytesIO()
        self.c = pdfcanvas.Canvas(self.buffer, pagesize=A4, pageCompression=1)
        self.c.setTitle(title)
        self.font = font_name()
        self.page = 0
        self.title, self.subtitle = title, subtitle
        self._new_page()

    def _new_page(self):
        if self.page:
            self.c.showPage()
        self.page += 1
        self.y = H - MARGIN
        self.c.setFont(self.font, 9)
        self.c.drawRightString(W - MARGIN, MARGIN / 2, f"第 {self.page} 页")
        if self.page == 1:
            self.c.setFont(self.font, 16)
            self.c.drawCentredString(W / 2, self.y, self.title)
            self.y -= 22
            self.c.setFont(self.font, 10)
            self.c.drawCentredString(W / 2, self.y, self.subtitle)
            self.y -= 26

    def text(self, text: str, *, size: float = SIZE, indent: float = 0):
        width = W - 2 * MARGIN - indent
        for line in wrap(text, self.font, size, width) or [""]:
            if self.y < MARGIN + LINE:
                self._new_page()
            self.c.setFont(self.font, size)
            self.c.drawString(MARGIN + indent, self.y, line)
            self.y -= size + 5

    def gap(self, h: float = 6):
        self.y -= h

    def done(self) -> bytes:
        self.c.save()
        return self.buffer.getvalue()


def _sections(questions: list[dict]):
    n = 0
    for k, kind in enumerate(q for q in KIND_ORDER if any(x["kind"] == q for x in questions)):
        qs = [q for q in questions if q["kind"] == kind]
        pts = sum((Decimal(q["points"]) for q in qs), Decimal("0"))
        each = decimal_text(qs[0]["points"])
        head = (
            f"{CN_NUM[k]}、{KIND_LABELS[kind]}"
            f"（共{len(qs)}题，每题{each}分，共{decimal_text(pts)}分）"
        )
        numbered = []
        for q in qs:
            n += 1
            numbered.append((n, q))
        yield head, numbered


def paper_pdf(*, title: str, subtitle: str, questions: list[dict]) -> bytes:
    w = _Writer(title, subtitle)
    total = sum((Decimal(q["points"]) for q in questions), Decimal("0"))
    w.text(
        f"本卷共{len(questions)}题，满分{decimal_text(total)}分。"
        "姓名：__________  准考证号：______________"
    )
    w.gap()
    for head, numbered in _sections(questions):
        w.text(head, size=12)
        w.gap(2)
        for n, q in numbered:
            mark = "（    ）" if q["kind"] in ("single", "multiple", "judge") else ""
            w.text(f"{n}. {q['stem']}{mark}", indent=6)
            for i, opt in enumerate(q["options"]):
                w.text(f"{LETTERS[i]}. {opt}", indent=20)
            w.gap(3)
        w.gap()
    return w.done()


def answer_key_pdf(*, title: str, subtitle: str, questions: list[dict]) -> bytes:
    w = _Writer(title + "（参考答案）", subtitle)
    for head, numbered in _sections(questions):
        w.text(head, size=12)
        for n, q in numbered:
            w.text(f"{n}. {answer_text(q['kind'], q['answer'])}", indent=6)
        w.gap()
    return w.done()
