"""The examiner register as a spreadsheet: the template, and an all-or-nothing import.

Every row is checked with the same services as the add form (PEOPLE-02..05); a bad row is
reported with its Excel row number, the column, the value, the reason and the rule. If any
row is bad, nothing is saved (the whole import is one transaction, rolled back), so a user
fixes the file and uploads it again.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction

from skillcert.catalog.models import LEVEL_LABELS, Occupation, parse_level
from skillcert.catalog.selectors import occupation_by_code
from skillcert.core.crypto import mask_id
from skillcert.core.errors import DomainError
from skillcert.core.idnumbers import ID_TYPE_BY_LABEL, ID_TYPES, RESIDENT_ID
from skillcert.core.normalize import normalize_text
from skillcert.core.sheets import read_first_sheet
from skillcert.core.xlsx import workbook

from .models import PRO_TITLES, Examiner
from .services import examiner_add, person_get_or_create

NAME, ID_TYPE, ID_NUMBER = "姓名", "证件类型", "证件号码"
GRADE, LEVEL, LEVEL_OCC, TITLE = "考评员类别", "技能等级", "技能等级职业编码", "职称"
OCCUPATIONS, CARD, ISSUED, HOURS = "考评职业编码", "考评员证号", "发证日期", "培训学时"
PASSED, CONTRACT, FIRST = "考核合格", "聘任起始日期", "首次考评日期"
COLUMNS = [
    NAME, ID_TYPE, ID_NUMBER, GRADE, LEVEL, LEVEL_OCC, TITLE, OCCUPATIONS, CARD, ISSUED, HOURS,
    PASSED, CONTRACT, FIRST,
]  # fmt: skip
REQUIRED = [NAME, ID_NUMBER, GRADE, OCCUPATIONS, CARD, ISSUED, HOURS, PASSED, CONTRACT]
# A service's DomainError.field -> the column the user fixes.
FIELD_COLUMNS = {
    "name": NAME,
    "id_type": ID_TYPE,
    "id_number": ID_NUMBER,
    "grade": GRADE,
    "skill_level": LEVEL,
    "occupations": OCCUPATIONS,
    "card_number": CARD,
    "training_hours": HOURS,
    "assessment_passed": PASSED,
}
GRADE_CODES = {label: code for code, label in Examiner.GRADES}
TITLE_CODES = {label: code for code, label in PRO_TITLES}
YES, NO = {"是", "合格", "通过", "Y", "YES", "TRUE", "1"}, {"否", "不合格", "N", "NO", "FALSE", "0"}
_EXAMPLE = [
    "李四", "居民身份证", "11010519491231002X", "考评员", "三级", "6-18-01-01", "",
    "6-18-01-01、6-18-01-02", "KP2025001", "2025-01-01", 48, "是", "2025-01-01", "2023-09-01",
]  # fmt: skip
_NOTES = [
    (NAME, "必填"),
    (ID_TYPE, "可填：" + "、".join(label for _, label in ID_TYPES) + "；不填即为居民身份证"),
    (ID_NUMBER, "必填；请设为文本格式"),
    (GRADE, "必填：考评员 或 高级考评员"),
    (LEVEL, "本人职业技能等级，可填1-5或" + "、".join(LEVEL_LABELS.values())),
    (LEVEL_OCC, "技能等级所属职业的编码，如6-18-01-01"),
    (TITLE, "中级职称 或 高级职称；考评员须三级及以上或中级职称，高级考评员须一级或高级职称"),
    (OCCUPATIONS, "必填；多个用顿号分隔，须属于同一职业小类（编码前三段相同，PEOPLE-04）"),
    (CARD, "必填"),
    (ISSUED, "必填；日期，如2025-01-01；有效期3年"),
    (HOURS, "必填；整数，不少于48"),
    (PASSED, "必填：是 或 否（须考核合格）"),
    (CONTRACT, "必填；聘期3年"),
    (FIRST, "选填；用于计算考评年限（考评组长须满1年）"),
]


@dataclass
class ImportReport:
    created: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class RowError(Exception):
    def __init__(self, column: str, value: str, reason: str, rule: str = ""):
        super().__init__(reason)
        self.column, self.value, self.reason, self.rule = column, value, reason, rule


def examiner_template_xlsx() -> bytes:
    buffer = io.BytesIO()
    book = workbook(buffer, {"in_memory": True})
    bold, text = book.add_format({"bold": True}), book.add_format({"num_format": "@"})
    sheet = book.add_worksheet("考评员")
    sheet.write_row(0, 0, COLUMNS, bold)
    sheet.set_column(0, len(COLUMNS) - 1, 14, text)
    sheet.set_column(2, 2, 22, text)
    for c, value in enumerate(_EXAMPLE):
        sheet.write(1, c, value)
    notes = book.add_worksheet("填写说明")
    notes.set_column(0, 0, 18)
    notes.set_column(1, 1, 90)
    notes.write_row(0, 0, ["列名", "填写要求"], bold)
    for i, (column, note) in enumerate(_NOTES, start=1):
        notes.write_row(i, 0, [column, note])
    notes.write(
        len(_NOTES) + 2, 0, "有任何一行错误时整个文件都不导入；请按错误清单改正后重新上传。"
    )
    book.close()
    return buffer.getvalue()


def _text(value) -> str:
    if isinstance(value, str):
        return normalize_text(value)  # full-width digits, surrounding spaces (issue 16)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return normalize_text(str(value))


def read_examiner_sheet(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(Excel row number, {column: text}) for every non-empty data row of the first sheet."""
    if not data.startswith(b"PK\x03\x04"):
        raise DomainError("sheet_unreadable", "文件不是Excel .xlsx 格式", field="file")
    table = read_first_sheet(data, unreadable=("sheet_unreadable", "文件无法读取，可能已损坏"))
    if not table:
        raise DomainError("sheet_empty", "文件的第一个工作表是空的", field="file")
    header = [_text(c).replace("*", "").replace(" ", "") for c in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DomainError(
            "sheet_header",
            f"表头缺少必需的列：{'、'.join(missing)}。请使用考评员模板",
            field="file",
        )
    index = {c: header.index(c) for c in COLUMNS if c in header}
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        cells = {c: _text(raw[i]) if i < len(raw) else "" for c, i in index.items()}
        if any(cells.values()):
            rows.append((number, cells))
    if not rows:
        raise DomainError("sheet_empty", "没有数据行（第1行为表头，从第2行起填写）", field="file")
    return rows


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def _date(cells, column, *, required=True) -> date | None:
    value = cells.get(column, "")
    if not value:
        if required:
            raise RowError(column, value, f"{column}不能为空")
        return None
    m = _DATE.match(value.split("T")[0].split(" ")[0])
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    raise RowError(column, value, f"{column}“{value}”不是有效日期，应如2025-01-01")


def _occupation(column, code) -> Occupation:
    occ = occupation_by_code(code, rank=None)
    if occ is None:
        raise RowError(column, code, f"职业编码“{code}”不存在", "CAT-01")
    return occ


def _parse_row(cells: dict[str, str]) -> dict:
    """The row's values for examiner_add; RowError names the first bad cell."""
    for column in REQUIRED:
        if not cells.get(column):
            raise RowError(column, "", f"{column}不能为空")
    id_label = cells.get(ID_TYPE, "")
    if id_label and id_label not in ID_TYPE_BY_LABEL:
        raise RowError(ID_TYPE, id_label, f"证件类型“{id_label}”无效", "PEOPLE-01")
    grade = GRADE_CODES.get(cells[GRADE])
    if grade is None:
        raise RowError(GRADE, cells[GRADE], "考评员类别应为“考评员”或“高级考评员”")
    level = None
    if cells.get(LEVEL):
        try:
            level = parse_level(cells[LEVEL])
        except ValueError as exc:
            raise RowError(LEVEL, cells[LEVEL], str(exc), "LEVEL-01") from None
    title = ""
    if cells.get(TITLE):
        title = TITLE_CODES.get(cells[TITLE])
        if title is None:
            raise RowError(TITLE, cells[TITLE], "职称应为“中级职称”或“高级职称”")
    level_occ = _occupation(LEVEL_OCC, cells[LEVEL_OCC]) if cells.get(LEVEL_OCC) else None
    codes = [c for c in re.split(r"[、,，;；\s]+", cells[OCCUPATIONS]) if c]
    occupations = [_occupation(OCCUPATIONS, c) for c in codes]
    try:
        hours = int(cells[HOURS])
    except ValueError:
        raise RowError(HOURS, cells[HOURS], "培训学时应为整数") from None
    passed_text = cells[PASSED].upper()
    if passed_text not in YES | NO:
        raise RowError(PASSED, cells[PASSED], "考核合格应填“是”或“否”")
    return {
        "name": cells[NAME],
        "id_type": ID_TYPE_BY_LABEL.get(id_label, RESIDENT_ID),
        "id_number": cells[ID_NUMBER],
        "examiner": {
            "grade": grade,
            "skill_level": level,
            "skill_occupation": level_occ,
            "title": title,
            "occupations": occupations,
            "card_number": cells[CARD],
            "card_issued_on": _date(cells, ISSUED),
            "training_hours": hours,
            "assessment_passed": passed_text in YES,
            "contract_start": _date(cells, CONTRACT),
            "first_assessed_on": _date(cells, FIRST, required=False),
        },
    }


def _error(number: int, column: str, value: str, reason: str, rule: str) -> dict:
    if column == ID_NUMBER and value:
        value = mask_id(value)  # ID numbers are never shown in clear (PEOPLE-01)
    return {"row": number, "column": column, "value": value, "reason": reason, "rule": rule}


def examiners_import(*, actor, institution, data: bytes) -> ImportReport:
    """All or nothing: every row is checked (and every bad row reported); if any is bad, the
    transaction is rolled back and nothing is saved. DomainError for an unreadable file."""
    rows = read_examiner_sheet(data)
    report = ImportReport()
    with transaction.atomic():
        for number, cells in rows:
            try:
                values = _parse_row(cells)
                with transaction.atomic():
                    person = person_get_or_create(
                        name=values["name"],
                        id_type=values["id_type"],
                        id_number=values["id_number"],
                    )
                    examiner_add(
                        actor=actor, institution=institution, person=person, **values["examiner"]
                    )
            except RowError as exc:
                report.errors.append(_error(number, exc.column, exc.value, exc.reason, exc.rule))
            except DomainError as exc:
                column = FIELD_COLUMNS.get(exc.field or "", "")
                value = cells.get(column, "")
                rule = exc.rule or ("PEOPLE-01" if exc.code.startswith("id_") else "")
                report.errors.append(_error(number, column, value, exc.message, rule))
            else:
                report.created += 1
        if report.errors:
            report.created = 0
            transaction.set_rollback(True)
    return report
