"""The roster spreadsheet: its columns, their allowed values, the template and the error file.

The error file has the template's columns in the template's order plus 错误原因 at the end;
the reader ignores that column, so a user can fix the rows and upload the file again.
"""

import io

import xlsxwriter

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.core.idnumbers import ID_TYPES, RESIDENT_ID
from skillcert.core.xlsx import workbook

from ..models import ONEX_LEVELS, SCHOOL_LEVELS, TITLES

NAME, ID_TYPE, ID_NUMBER, PHONE = "姓名", "证件类型", "证件号码", "手机号"
SCHOOL, GRAD_YEAR, ONEX, TITLE, TITLE_YEARS, LEVEL = (
    "学历层次",
    "毕业年份",
    "1+X证书等级",
    "职称",
    "职称年限",
    "申报级别",
)
CLASS = "班级"
COLUMNS = [
    NAME,
    ID_TYPE,
    ID_NUMBER,
    PHONE,
    SCHOOL,
    GRAD_YEAR,
    ONEX,
    TITLE,
    TITLE_YEARS,
    LEVEL,
    CLASS,
]
# Columns the header must have; the others may be left out (their cells then read as empty).
REQUIRED_COLUMNS = [NAME, ID_NUMBER, SCHOOL, TITLE]
ERROR_COLUMN = "错误原因"

ID_TYPE_CODES = {label: code for code, label in ID_TYPES}
SCHOOL_CODES = {label: code for code, label in SCHOOL_LEVELS}
ONEX_CODES = {label: code for code, label in ONEX_LEVELS}
TITLE_CODES = {label: code for code, label in TITLES}

_EXAMPLE = [
    "张三",
    "居民身份证",
    "11010519491231002X",
    "13800138000",
    "高职",
    2025,
    "",
    "",
    "",
    3,
    "机电2201",
]
_NOTES = [
    (NAME, "必填"),
    (
        ID_TYPE,
        "可填："
        + "、".join(label for _, label in ID_TYPES)
        + f"；不填即为{dict(ID_TYPES)[RESIDENT_ID]}",
    ),
    (ID_NUMBER, "必填；请将本列设为文本格式，以免Excel把18位号码变成科学计数法"),
    (PHONE, "选填；11位手机号，以1开头"),
    (SCHOOL, "学生必填，可填：" + "、".join(label for _, label in SCHOOL_LEVELS)),
    (
        GRAD_YEAR,
        "考试认定、过程化考核的学生必填，四位年份，如2025（PLAN-10：毕业学年学生或毕业生）",
    ),
    (ONEX, "直接认定的学生必填，可填：" + "、".join(label for _, label in ONEX_LEVELS)),
    (TITLE, "教职工必填，可填：" + "、".join(label for _, label in TITLES)),
    (TITLE_YEARS, "教职工填写现职称任职年限（整数）"),
    (
        LEVEL,
        "选填；不填即为本批次级别；可填1-5或："
        + "、".join(LEVEL_LABELS[n] for n in sorted(LEVEL_LABELS)),
    ),
    (CLASS, "选填；学生所在班级，用于考场编排和回避（ARR-08）"),
]
_GENERAL = [
    "学历层次与职称至少填写一项：学生填学历层次，教职工填职称。",
    "第1行为表头，请勿修改列名；空行会被跳过。",
    "导入后下载的错误文件末尾有“错误原因”列，改正后可直接再次上传。",
]


def _book(buffer: io.BytesIO, **options) -> xlsxwriter.Workbook:
    return workbook(buffer, {"in_memory": True, **options})


def roster_template_xlsx() -> bytes:
    """The blank roster: header, one example row, and a sheet 填写说明 of allowed values."""
    buffer = io.BytesIO()
    book = _book(buffer)
    text, bold = book.add_format({"num_format": "@"}), book.add_format({"bold": True})
    sheet = book.add_worksheet("名册")
    sheet.write_row(0, 0, COLUMNS, bold)
    sheet.set_column(0, len(COLUMNS) - 1, 14)
    sheet.set_column(2, 2, 22, text)  # IDs as text: 18 digits do not fit a float.
    sheet.set_column(3, 3, 14, text)
    sheet.write_row(1, 0, _EXAMPLE)
    sheet.write_string(1, 2, _EXAMPLE[2], text)
    sheet.write_string(1, 3, _EXAMPLE[3], text)
    notes = book.add_worksheet("填写说明")
    notes.set_column(0, 0, 16)
    notes.set_column(1, 1, 90)
    notes.write_row(0, 0, ["列名", "填写要求"], bold)
    for i, (column, note) in enumerate(_NOTES, start=1):
        notes.write_row(i, 0, [column, note])
    for i, line in enumerate(_GENERAL, start=len(_NOTES) + 2):
        notes.write(i, 0, line)
    book.close()
    return buffer.getvalue()


def errors_xlsx(rows: list[tuple[list[str], str]]) -> bytes:
    """Rows of (cells in COLUMNS order, joined reasons) under the template header + 错误原因."""
    buffer = io.BytesIO()
    book = _book(buffer, constant_memory=True)
    bold, text = book.add_format({"bold": True}), book.add_format({"num_format": "@"})
    sheet = book.add_worksheet("名册")
    sheet.set_column(0, len(COLUMNS) - 1, 14, text)
    sheet.set_column(len(COLUMNS), len(COLUMNS), 60)
    sheet.write_row(0, 0, [*COLUMNS, ERROR_COLUMN], bold)
    for r, (cells, reason) in enumerate(rows, start=1):
        for c, value in enumerate(cells):
            if value != "":
                sheet.write_string(r, c, value, text)
        sheet.write_string(r, len(COLUMNS), reason)
    book.close()
    return buffer.getvalue()
