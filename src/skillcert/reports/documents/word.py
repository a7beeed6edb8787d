"""Word documents (docxtpl) the way filings/receipt makes its letter: the template is a plain
python-docx document with docxtpl's tags, built by code the first time a process needs it
(each module caches its own), so an office can restyle and edit what it downloads."""

import io
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docxtpl import DocxTemplate

from skillcert.filings.receipt.documents import DOCX_CONTENT_TYPE

__all__ = ["DOCX_CONTENT_TYPE", "render", "saved", "new_document", "centered", "table"]


def zh(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def new_document(title: str) -> Document:
    doc = Document()
    centered(doc, title)
    return doc


def centered(doc, text: str) -> None:
    doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER


def table(doc, header: list[str], loop: str, cells: list[str]) -> None:
    """A grid table: the header row, then one row per item of `loop` ("r in rows") whose
    cells are the docxtpl expressions `cells` (docxtpl's {%tr %} row loop)."""
    grid = doc.add_table(rows=4, cols=len(header))
    grid.style = "Table Grid"
    for k, label in enumerate(header):
        grid.cell(0, k).text = label
    grid.cell(1, 0).text = f"{{%tr for {loop} %}}"
    for k, expr in enumerate(cells):
        grid.cell(2, k).text = f"{{{{ {expr} }}}}"
    grid.cell(3, 0).text = "{%tr endfor %}"


def saved(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render(template: bytes, context: dict) -> bytes:
    """The filled document; text is escaped (a name with "<" or "&" stays text)."""
    doc = DocxTemplate(io.BytesIO(template))
    doc.render(context, autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
