"""INST-10: the annual inspection results reported upward (.xlsx)."""

import io

from skillcert.core.xlsx import workbook


def annual_workbook(results, items) -> bytes:
    """INST-10 reported upward: one row per institution, a column per item, the total."""
    buf = io.BytesIO()
    book = workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet("年检结果")
    sheet.write_row(0, 0, ["机构名称", "备案号", *[f"{i.code} {i.title}" for i in items], "总分"])
    for n, row in enumerate(results, start=1):
        values = [row.scores.get(i.code, "") for i in items]
        sheet.write_row(n, 0, [row.institution.name, row.institution.filing_number, *values])
        sheet.write_number(n, 2 + len(items), row.total)
    book.close()
    return buf.getvalue()
