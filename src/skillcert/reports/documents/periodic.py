"""The 定期统计表 (003 §20: 定期报送职业技能评价认定有关情况统计表), quarterly here
(`deadlines.quarter_bounds`, due `quarter_due`): the yearly report's table for one quarter."""

import io
from datetime import date

from skillcert.core.xlsx import workbook
from skillcert.institutions.models import Institution

from .. import deadlines
from . import word
from .figures import period_lines, quarter_checked
from .yearly import write_lines

TITLE = "职业技能等级认定情况统计表"


def periodic_xlsx(institution: Institution, year: int, quarter: int, *, on: date) -> bytes:
    start, end = quarter_checked(year, quarter)
    lines = period_lines(institution, start, end)
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(f"{year}年第{quarter}季度")
    sheet.write_string(0, 0, f"{institution.name}{year}年第{quarter}季度{TITLE}", bold)
    sheet.write_row(1, 0, ["机构", institution.name, "备案号", institution.filing_number])
    sheet.write_row(
        2,
        0,
        ["统计期", f"{word.zh(start)}至{word.zh(end)}", "报送期限",
         word.zh(deadlines.quarter_due(year, quarter))],
    )  # fmt: skip
    r = write_lines(book, sheet, 4, lines)
    sheet.write_row(r + 1, 0, ["填报日期", word.zh(on)])
    book.close()
    return out.getvalue()
