"""The 年度报告 of one institution and year (REC-08; 002 §26: the 综合报表 of the past year,
due in the first ten days of January, `deadlines.yearly_due`) as .xlsx in the authority's
layout and as Word for the office's text: sittings held, registrations, sat, passed, pass
rate, certificates issued and voided by occupation and level (figures.period_lines), then
violations, complaints, incidents and the numbers of examiners and staff."""

import io
from datetime import date
from functools import cache

from skillcert.core.xlsx import workbook
from skillcert.institutions.models import Institution

from .. import deadlines
from . import word
from .figures import Line, Others, period_lines, period_others, total_line, year_checked

TITLE = "职业技能等级认定年度报告"
LINE_HEADER = [
    "职业编码",
    "职业（工种）",
    "级别",
    "认定批次",
    "报名人数",
    "实考人数",
    "合格人数",
    "合格率",
    "理论实考",
    "理论合格",
    "技能实考",
    "技能合格",
    "发证数",
    "作废证书",
]


def line_values(line: Line) -> list:
    c = line.counts
    level = line.level_label if line.level else ""
    return [
        line.code,
        line.occupation,
        level,
        line.sittings,
        c.registered,
        c.sat,
        c.passed,
        c.rate,
        c.theory_sat,
        c.theory_passed,
        c.practical_sat,
        c.practical_passed,
        line.issued,
        line.voided,
    ]


def write_lines(book, sheet, first_row: int, lines: list[Line]) -> int:
    """The header and one row per line, then 合计; returns the next free row. Numbers are
    numbers (the authority adds them up), labels text."""
    bold = book.add_format({"bold": True})
    sheet.write_row(first_row, 0, LINE_HEADER, bold)
    r = first_row
    for line in [*lines, total_line(lines)]:
        r += 1
        for c, value in enumerate(line_values(line)):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, len(LINE_HEADER) - 1, 11)
    return r + 1


def other_rows(o: Others) -> list[tuple[str, int]]:
    rows = [("违纪违规（已确认，人次）", o.violations)]
    rows += [(f"  其中：{label}", n) for label, n in o.violations_by_category]
    return rows + [
        ("投诉举报（件）", o.complaints),
        ("  其中：已作出处理决定", o.complaints_decided),
        ("突发事件（起）", o.incidents),
        ("  其中：重大事件", o.incidents_major),
        ("考评人员（在聘）", o.examiners),
        ("内部质量督导人员（在任）", o.supervisors),
        ("专家", o.experts),
        ("考务工作人员（在岗）", o.staff),
    ]


def yearly_context(institution: Institution, year: int, *, on: date) -> dict:
    year = year_checked(year)
    start, end = date(year, 1, 1), date(year, 12, 31)
    lines = period_lines(institution, start, end)
    return {
        "title": f"{institution.name}{year}年度{TITLE}",
        "institution": institution.name,
        "number": institution.filing_number,
        "year": year,
        "due": word.zh(deadlines.yearly_due(year)),
        "lines": lines,
        "total": total_line(lines),
        "others": other_rows(period_others(institution, start, end)),
        "date": word.zh(on),
    }


def yearly_xlsx(institution: Institution, year: int, *, on: date) -> bytes:
    ctx = yearly_context(institution, year, on=on)
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(f"{ctx['year']}年度报告")
    sheet.write_string(0, 0, ctx["title"], bold)
    sheet.write_row(1, 0, ["机构", ctx["institution"], "备案号", ctx["number"]])
    sheet.write_row(2, 0, ["统计年度", str(ctx["year"]), "报送期限", ctx["due"]])
    r = write_lines(book, sheet, 4, ctx["lines"]) + 1
    sheet.write_row(r, 0, ["其他情况", "数量"], bold)
    for label, n in ctx["others"]:
        r += 1
        sheet.write_string(r, 0, label)
        sheet.write_number(r, 1, n)
    book.close()
    return out.getvalue()


def _docx_lines(lines: list[Line]) -> list[list]:
    return [[str(v) for v in line_values(x)] for x in lines]


@cache
def _template() -> bytes:
    doc = word.new_document("{{ title }}")
    doc.add_paragraph("机构：{{ institution }}    备案号：{{ number }}")
    doc.add_paragraph("统计年度：{{ year }}年    报送期限：{{ due }}")
    doc.add_paragraph("一、认定与发证情况（按职业和级别）")
    picked = [0, 1, 2, 3, 4, 5, 6, 7, 12, 13]  # the Word page is narrower than the sheet
    word.table(doc, [LINE_HEADER[k] for k in picked], "x in rows", [f"x[{k}]" for k in picked])
    doc.add_paragraph("二、其他情况")
    word.table(doc, ["项目", "数量"], "o in others", ["o[0]", "o[1]"])
    doc.add_paragraph("三、年度工作总结")
    doc.add_paragraph("（本部分由认定机构填写。）")
    doc.add_paragraph("{{ institution }}")
    doc.add_paragraph("{{ date }}")
    return word.saved(doc)


def yearly_docx(institution: Institution, year: int, *, on: date) -> bytes:
    ctx = yearly_context(institution, year, on=on)
    rows = _docx_lines([*ctx["lines"], ctx["total"]])
    return word.render(_template(), ctx | {"rows": rows})
