"""The receipt letter (备案回执, 004 第四部分 四; incremental 五) with its attachment, the
评价机构信息与认定范围清单, as an editable Word document (docxtpl) and a PDF; the scope list
and the region's summary table (汇总表) as .xlsx in the authority's layout (INST-04, INST-12).

The Word template is made by code (python-docx) the first time a process needs it: a plain
document with docxtpl's tags, so an office can restyle the letter it downloads."""

import io
from dataclasses import dataclass
from datetime import date
from functools import cache

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docxtpl import DocxTemplate

from skillcert.catalog.models import Standard
from skillcert.core.xlsx import workbook
from skillcert.institutions.models import Institution

from ..models import FilingApplication as A
from ..pdf import Writer

SCOPE_TITLE = "评价机构信息与认定范围清单"
SCOPE_HEADER = ["职业编号", "职业名称", "工种/职业方向", "级别", "评价标准"]
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class ScopeLine:
    code: str
    occupation: str
    job_type: str
    levels: str
    standard: str


def standard_label(standard: Standard | None) -> str:
    """'国标' for a national standard, as the 认定范围清单 writes it; a specification's title."""
    if standard is None:
        return ""
    return "国标" if standard.kind == Standard.NATIONAL else standard.title


def levels_text(levels: str) -> str:
    return "、".join(levels)


def _line(occupation, job_type, levels, standard) -> ScopeLine:
    return ScopeLine(
        occupation.code,
        occupation.name,
        job_type.name if job_type else "",
        levels_text(levels),
        standard_label(standard),
    )


def scope_lines(application: A) -> list[ScopeLine]:
    """The list attached to the receipt: the institution's filed rows (less those swapped
    out) and the rows of this application; once published, the filed scope itself."""
    institution = application.institution
    rows = institution.scope_rows.select_related("occupation", "job_type", "standard")
    if application.state == A.PUBLISHED:
        return [_line(r.occupation, r.job_type, r.levels, r.standard) for r in rows]
    items = list(application.scope_items.select_related("occupation", "job_type", "standard"))
    out = {i.swap_out_id for i in items if i.swap_out_id}
    lines = [_line(r.occupation, r.job_type, r.levels, r.standard) for r in rows if r.pk not in out]
    lines += [_line(i.occupation, i.job_type, i.levels, i.standard) for i in items]
    return sorted(lines, key=lambda x: (x.code, x.job_type))


def _valid_until(start: date) -> date:
    return Institution(status=Institution.FILED, filed_on=start).filing_valid_until


def _zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def receipt_context(application: A, *, on: date) -> dict:
    institution = application.institution
    start = institution.filed_on or on
    number = application.filing_number or institution.filing_number
    authority = institution.authority.name if institution.authority_id else "人力资源和社会保障局"
    name = institution.name
    incremental = application.kind == A.INCREMENTAL
    items = list(application.scope_items.select_related("occupation", "job_type"))
    new_names = "、".join(
        dict.fromkeys(i.job_type.name if i.job_type_id else i.occupation.name for i in items)
    )
    if incremental:
        title = f"关于同意{name}增量备案的函"
        body = [
            f"根据职业技能等级认定机构备案有关文件精神，对你单位在技能人才评价管理服务平台上提交的备案材料"
            f"进行审核，同意你单位在原评价范围的基础上，增加“{new_names}”等{len(items)}个评价职业（工种）（见附件）。",
            f"你单位应按照《{name}工作方案》开展职业技能等级认定工作，主动接受人力资源社会保障部门的监管和社会监督。",
        ]
    else:
        title = f"关于同意{name}备案的函"
        body = [
            f"你单位《关于申请{name}职业技能等级认定机构备案的函》收悉。"
            "根据职业技能等级认定机构备案有关文件精神，经专家评估，认为你单位已具备职业技能等级认定机构备案条件，同意备案。",
            f"你单位要按照《{name}工作方案》开展职业技能等级认定工作，"
            "主动接受人力资源社会保障部门的监管和社会监督。",
            f"机构备案号为 {number}，有效期 3 年"
            f"（自 {_zh(start)} 至 {_zh(_valid_until(start))}）。",
        ]
    return {
        "title": title,
        "addressee": f"{name}：",
        "body": body,
        "authority": authority,
        "date": _zh(on),
        "number": number,
        "name": name,
        "short_name": institution.short_name,
        "kind": institution.get_kind_display(),
        "contact": institution.contact_person,
        "phone": institution.phone,
        "email": institution.email,
        "website": institution.website,
        "address": institution.address,
        "rows": scope_lines(application),
    }


@cache
def _template_bytes() -> bytes:
    """The receipt template (docxtpl tags in a python-docx document), made once a process."""
    doc = Document()
    head = doc.add_paragraph("{{ title }}")
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{{ addressee }}")
    doc.add_paragraph("{%p for line in body %}")
    doc.add_paragraph("    {{ line }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph(f"附件：{SCOPE_TITLE}")
    doc.add_paragraph("{{ authority }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("{{ date }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("（此件依申请公开）")
    doc.add_page_break()
    doc.add_paragraph("附件：")
    doc.add_paragraph(SCOPE_TITLE).alignment = WD_ALIGN_PARAGRAPH.CENTER
    info = doc.add_table(rows=6, cols=4)
    info.style = "Table Grid"
    cells = [
        ("机构名称", "{{ name }}", "", ""),
        ("机构简称", "{{ short_name }}", "备案号", "{{ number }}"),
        ("机构类型", "{{ kind }}", "", ""),
        ("联系人", "{{ contact }}", "联系电话", "{{ phone }}"),
        ("邮箱", "{{ email }}", "网址", "{{ website }}"),
        ("地址", "{{ address }}", "", ""),
    ]
    for r, values in enumerate(cells):
        for k, value in enumerate(values):
            info.cell(r, k).text = value
    doc.add_paragraph("开展职业技能等级认定范围")
    scope = doc.add_table(rows=4, cols=5)
    scope.style = "Table Grid"
    for k, label in enumerate(SCOPE_HEADER):
        scope.cell(0, k).text = label
    scope.cell(1, 0).text = "{%tr for r in rows %}"
    for k, attr in enumerate(["code", "occupation", "job_type", "levels", "standard"]):
        scope.cell(2, k).text = f"{{{{ r.{attr} }}}}"
    scope.cell(3, 0).text = "{%tr endfor %}"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def receipt_docx(application: A, *, on: date) -> bytes:
    template = DocxTemplate(io.BytesIO(_template_bytes()))
    template.render(receipt_context(application, on=on), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def receipt_pdf(application: A, *, on: date) -> bytes:
    ctx = receipt_context(application, on=on)
    w = Writer(ctx["title"])
    w.heading(ctx["title"], size=16)
    w.text(ctx["addressee"])
    for line in ctx["body"]:
        w.text(line, indent=22)
    w.space(6)
    w.text(f"附件：{SCOPE_TITLE}")
    w.space(16)
    w.text(ctx["authority"], right=True)
    w.text(ctx["date"], right=True)
    w.text("（此件依申请公开）", size=10)
    w.new_page()
    w.text("附件：")
    w.heading(SCOPE_TITLE, size=14)
    _scope_block(w, ctx)
    return w.done()


def _scope_block(w: Writer, ctx: dict) -> None:
    w.table(
        [2, 4, 2, 4],
        [
            ["机构名称", ctx["name"], "", ""],
            ["机构简称", ctx["short_name"], "备案号", ctx["number"]],
            ["机构类型", ctx["kind"], "", ""],
            ["联系人", ctx["contact"], "联系电话", ctx["phone"]],
            ["邮箱", ctx["email"], "网址", ctx["website"]],
            ["地址", ctx["address"], "", ""],
        ],
        size=10,
    )
    w.text("开展职业技能等级认定范围", size=11)
    rows = [SCOPE_HEADER] + [
        [r.code, r.occupation, r.job_type, r.levels, r.standard] for r in ctx["rows"]
    ]
    w.table([3, 4, 4, 3, 3], rows, size=10)


# --- spreadsheets ----------------------------------------------------------------------------


def scope_xlsx(application: A, *, on: date) -> bytes:
    """The 认定范围清单 in the authority's layout: the institution block, then the scope rows
    under the header row (which the import looks for)."""
    ctx = receipt_context(application, on=on)
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(SCOPE_TITLE[:31])
    bold = book.add_format({"bold": True})
    info = [
        ["机构名称", ctx["name"]],
        ["机构简称", ctx["short_name"], "备案号", ctx["number"]],
        ["机构类型", ctx["kind"]],
        ["联系人", ctx["contact"], "联系电话", ctx["phone"]],
        ["邮箱", ctx["email"], "网址", ctx["website"]],
        ["地址", ctx["address"]],
        ["开展职业技能等级认定范围"],
    ]
    for r, row in enumerate(info):
        sheet.write_row(r, 0, row)
    sheet.write_row(len(info), 0, SCOPE_HEADER, bold)
    for r, line in enumerate(ctx["rows"], start=len(info) + 1):
        sheet.write_row(
            r, 0, [line.code, line.occupation, line.job_type, line.levels, line.standard]
        )
    sheet.set_column(0, 4, 18)
    book.close()
    return out.getvalue()


SUMMARY_HEADER = [
    "序号",
    "机构名称",
    "备案号",
    "机构类型",
    "备案日期",
    "有效期至",
    "联系人",
    "联系电话",
    "地址",
    *SCOPE_HEADER,
]


def summary_xlsx(institutions) -> bytes:
    """The 汇总表: one line per scope row of every filed institution given (its details on
    the first line of the institution)."""
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("汇总表")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, SUMMARY_HEADER, bold)
    r = 1
    for n, i in enumerate(institutions, start=1):
        head = [
            str(n),
            i.name,
            i.filing_number,
            i.get_kind_display(),
            str(i.filed_on or ""),
            str(i.filing_valid_until or ""),
            i.contact_person,
            i.phone,
            i.address,
        ]
        rows = list(i.scope_rows.all()) or [None]
        for k, row in enumerate(rows):
            cells = head if k == 0 else [""] * len(head)
            if row is not None:
                line = _line(row.occupation, row.job_type, row.levels, row.standard)
                cells = cells + [
                    line.code,
                    line.occupation,
                    line.job_type,
                    line.levels,
                    line.standard,
                ]
            sheet.write_row(r, 0, cells)
            r += 1
    sheet.set_column(0, len(SUMMARY_HEADER) - 1, 14)
    book.close()
    return out.getvalue()
