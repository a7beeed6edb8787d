"""The 总结报告 of a sitting (002 实施细则 10: written after every sitting) as .xlsx for the
authority's tables and as Word, whose last part (工作总结) the office writes: numbers
registered, sat and passed by level and subject (theory/practical), the confirmed
violations (VIOL) and the incidents (REC-05)."""

import io
from dataclasses import dataclass
from datetime import date
from functools import cache

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.core.xlsx import workbook
from skillcert.plans.models import Sitting

from . import word
from .figures import Counts, rate, sitting_counts
from .sittings import days, sitting_incidents, sitting_violations

TITLE = "职业技能等级认定总结报告"
COUNT_HEADER = ["级别", "科目", "报名人数", "实考人数", "合格人数", "合格率"]
INCIDENT_HEADER = ["发生时间", "事件等级", "事件类别", "状态", "处理结果"]
FREE_TEXT = "（本部分由认定机构填写：组织实施情况、存在问题及改进措施等。）"


@dataclass(frozen=True)
class CountLine:
    level: str
    subject: str
    registered: int
    sat: int
    passed: int
    rate: str


def count_lines(sitting: Sitting, counts: Counts) -> list[CountLine]:
    level = LEVEL_LABELS[sitting.level]
    c = counts
    return [
        CountLine(level, "理论知识", c.registered, c.theory_sat, c.theory_passed,
                  rate(c.theory_passed, c.theory_sat)),
        CountLine(level, "操作技能", c.registered, c.practical_sat, c.practical_passed,
                  rate(c.practical_passed, c.practical_sat)),
        CountLine(level, "总评", c.registered, c.sat, c.passed, c.rate),
    ]  # fmt: skip


def summary_context(sitting: Sitting, *, on: date) -> dict:
    counts = sitting_counts(sitting)
    violations = sitting_violations(sitting)
    incidents = sitting_incidents(sitting)
    first, last = days(sitting)
    return {
        "title": TITLE,
        "institution": sitting.institution.name,
        "sitting": sitting.name,
        "subject": sitting.subject_label,
        "period": f"{word.zh(first)}至{word.zh(last)}" if first else "—",
        "place": sitting.place or "—",
        "counts": counts,
        "lines": count_lines(sitting, counts),
        "violations": [{"category": c, "n": n} for c, n in violations],
        "violations_total": sum(n for _, n in violations),
        "incidents": incidents,
        "incidents_total": len(incidents),
        "free_text": FREE_TEXT,
        "date": word.zh(on),
    }


def summary_xlsx(sitting: Sitting, *, on: date) -> bytes:
    ctx = summary_context(sitting, on=on)
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("总结报告")
    head = [
        (TITLE, ""),
        ("机构", ctx["institution"]),
        ("批次", ctx["sitting"]),
        ("职业（工种）及级别", ctx["subject"]),
        ("认定日期", ctx["period"]),
        ("考点（地点）", ctx["place"]),
    ]
    for r, (label, value) in enumerate(head):
        sheet.write_string(r, 0, label, bold)
        sheet.write_string(r, 1, value)
    r = len(head) + 1
    sheet.write_row(r, 0, COUNT_HEADER, bold)
    for line in ctx["lines"]:
        r += 1
        sheet.write_row(r, 0, [line.level, line.subject])
        sheet.write_row(r, 2, [line.registered, line.sat, line.passed])
        sheet.write_string(r, 5, line.rate)
    r += 2
    sheet.write_row(r, 0, ["违纪违规行为", "人次"], bold)
    for v in ctx["violations"]:
        r += 1
        sheet.write_string(r, 0, v["category"])
        sheet.write_number(r, 1, v["n"])
    r += 1
    sheet.write_string(r, 0, "违纪违规合计", bold)
    sheet.write_number(r, 1, ctx["violations_total"])
    r += 2
    sheet.write_row(r, 0, INCIDENT_HEADER, bold)
    for i in ctx["incidents"]:
        r += 1
        sheet.write_row(r, 0, [i.occurred, i.severity, i.category, i.status, i.result])
    r += 1
    sheet.write_string(r, 0, "突发事件合计", bold)
    sheet.write_number(r, 1, ctx["incidents_total"])
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 5, 14)
    book.close()
    return out.getvalue()


@cache
def _template() -> bytes:
    doc = word.new_document("{{ title }}")
    doc.add_paragraph("机构：{{ institution }}")
    doc.add_paragraph("批次：{{ sitting }}（{{ subject }}）")
    doc.add_paragraph("认定日期：{{ period }}    考点：{{ place }}")
    doc.add_paragraph("一、认定人数")
    word.table(
        doc,
        COUNT_HEADER,
        "x in lines",
        ["x.level", "x.subject", "x.registered", "x.sat", "x.passed", "x.rate"],
    )
    doc.add_paragraph("二、违纪违规情况（合计{{ violations_total }}人次）")
    word.table(doc, ["违纪违规行为", "人次"], "v in violations", ["v.category", "v.n"])
    doc.add_paragraph("三、突发事件（合计{{ incidents_total }}起）")
    word.table(
        doc,
        INCIDENT_HEADER,
        "i in incidents",
        ["i.occurred", "i.severity", "i.category", "i.status", "i.result"],
    )
    doc.add_paragraph("四、工作总结")
    doc.add_paragraph("{{ free_text }}")
    doc.add_paragraph("{{ institution }}")
    doc.add_paragraph("{{ date }}")
    return word.saved(doc)


def summary_docx(sitting: Sitting, *, on: date) -> bytes:
    return word.render(_template(), summary_context(sitting, on=on))
