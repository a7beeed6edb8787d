"""The dashboard's tables and drill rows as .xlsx (REC-08): through core.xlsx.workbook, so
every name stays text (no formula injection); ID numbers only as the masked form."""

import io
from datetime import date, datetime

from skillcert.core.xlsx import workbook

from .selectors import Drill, Filters, Section, page_cells

DRILL_ROWS_MAX = 100_000  # a sheet the offices can still open; the API pages beyond that


def _filters_line(filters: Filters, institution_name: str = "") -> str:
    parts = [f"统计期：{filters.start}至{filters.end}"]
    if institution_name:
        parts.append(f"机构：{institution_name}")
    if filters.occupation:
        parts.append(f"职业：{filters.occupation}")
    return "；".join(parts)


def _cell(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def section_xlsx(section: Section, filters: Filters, institution_name: str = "") -> bytes:
    """One sheet: the section's tables one under the other, each with its title."""
    buf = io.BytesIO()
    book = workbook(buf, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(section.title[:31])
    sheet.write_row(0, 0, [section.title, _filters_line(filters, institution_name)])
    row = 2
    for table in section.tables:
        sheet.write(row, 0, table.title, bold)
        sheet.write_row(row + 1, 0, table.columns, bold)
        for n, cells in enumerate(table.rows, start=row + 2):
            sheet.write_row(n, 0, [_cell(c) for c in cells])
        row += len(table.rows) + 3
    book.close()
    return buf.getvalue()


def drill_xlsx(title: str, drill: Drill, filters: Filters, institution_name: str = "") -> bytes:
    """The rows behind a figure, header first (at most DRILL_ROWS_MAX rows)."""
    buf = io.BytesIO()
    book = workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet("明细")
    sheet.write_row(0, 0, [title, _filters_line(filters, institution_name)])
    sheet.write_row(1, 0, drill.columns)
    rows = drill.rows[:DRILL_ROWS_MAX]
    for n, cells in enumerate(page_cells(drill, rows), start=2):
        sheet.write_row(n, 0, [_cell(c) for c in cells])
    book.close()
    return buf.getvalue()
