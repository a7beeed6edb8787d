"""The list sections of the 备案申请表 (004 第四部分 六) and their per-row checks.

Each section is a list of rows (dicts); each column has a Chinese label, whether it is
required and a kind. A bad cell is a DomainError naming the section, the row and the column
(field `"<section>.<row>.<column>"`). ID numbers (身份证号) are stored encrypted with their
masked form beside them (PEOPLE: ID numbers encrypted, masked on screen).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from skillcert.core import crypto
from skillcert.core.errors import DomainError
from skillcert.core.idnumbers import RESIDENT_ID, parse_id

MAX_ROWS = 200
MAX_TEXT = 200


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = True
    kind: str = "text"  # text, date, int, decimal, id, choice
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    columns: tuple[Column, ...]
    min_rows: int = 1  # what the checklist asks for (0: optional)


OWN = ("是", "否")
SECTIONS: tuple[Section, ...] = (
    Section(
        "rules",
        "文件、规章制度清单",
        (
            Column("name", "名称"),
            Column("made_on", "制定时间", kind="date"),
            Column("doc_number", "发文部门及文号"),
        ),
    ),
    Section(
        "sites",
        "场地情况",
        (
            Column("kind", "场地类别", kind="choice", choices=("工作场所", "理论考场", "操作考场")),
            Column("place", "地点"),
            Column("area", "面积(平方米)", kind="decimal"),
            Column("count", "数量", kind="int"),
            Column("occupation", "对应职业", required=False),
        ),
    ),
    Section(
        "equipment",
        "设施设备情况",
        (
            Column("occupation", "认定职业"),
            Column("location", "设备所在地"),
            Column("name", "名称"),
            Column("model", "规格/型号", required=False),
            Column("quantity", "数量", kind="int"),
            Column("ownership", "权属", kind="choice", choices=("自有", "租赁")),
        ),
    ),
    Section(
        "staff",
        "工作人员情况",
        (
            Column("name", "姓名"),
            Column("id_number", "身份证号", kind="id"),
            Column("title", "职务/职称/技能等级"),
            Column("education", "学历"),
            Column("duty", "主要职责"),
        ),
    ),
    Section(
        "experts",
        "专家队伍",
        (
            Column("name", "姓名"),
            Column("id_number", "身份证号", kind="id"),
            Column("title", "职务/职称/技能等级"),
            Column("education", "学历"),
            Column("major", "专业"),
            Column("own_staff", "是否本单位职工", kind="choice", choices=OWN),
        ),
    ),
    Section(
        "examiners",
        "考评人员队伍",
        (
            Column("name", "姓名"),
            Column("id_number", "身份证号", kind="id"),
            Column("title", "职务/职称/技能等级"),
            Column("occupation", "考评职业"),
            Column("certificate_number", "考评员证书编号"),
            Column("own_staff", "是否本单位职工", kind="choice", choices=OWN),
        ),
    ),
    Section(
        "supervisors",
        "内部质量监督人员队伍",
        (
            Column("name", "姓名"),
            Column("id_number", "身份证号", kind="id"),
            Column("title", "职务/职称/技能等级"),
            Column("education", "学历"),
            Column("major", "专业"),
            Column("duty", "主要职责"),
        ),
    ),
)
BY_KEY = {s.key: s for s in SECTIONS}
# Free-text parts of the form (具备的组织和专业优势, 信息化建设情况).
TEXTS = {"org_advantage": "组织优势", "pro_advantage": "专业优势", "it_system": "信息化建设情况"}


def _bad(section: Section, n: int, column: Column, why: str) -> DomainError:
    return DomainError(
        "filing_section_row",
        f"{section.label}第{n}行“{column.label}”{why}",
        field=f"{section.key}.{n}.{column.key}",
        rule="INST-02",
    )


def _cell(section: Section, n: int, column: Column, raw, kept: list[dict]) -> object:
    text = "" if raw is None else str(raw).strip()
    if "\x00" in text or len(text) > MAX_TEXT:
        raise _bad(section, n, column, f"不能超过{MAX_TEXT}个字符")
    if not text:
        if column.required:
            raise _bad(section, n, column, "不能为空")
        return ""
    if column.kind == "date":
        try:
            return dt.date.fromisoformat(text.replace("/", "-").replace(".", "-")).isoformat()
        except ValueError:
            raise _bad(section, n, column, f"“{text}”不是有效日期（如 2026-03-01）") from None
    if column.kind == "int":
        if not text.isdigit() or not 0 < int(text) <= 100_000:
            raise _bad(section, n, column, f"“{text}”应为正整数")
        return int(text)
    if column.kind == "decimal":
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = Decimal(-1)
        if not value.is_finite() or not 0 < value <= 1_000_000:
            raise _bad(section, n, column, f"“{text}”应为正数")
        return str(value)
    if column.kind == "choice":
        if text not in column.choices:
            raise _bad(section, n, column, f"应为{'、'.join(column.choices)}之一")
        return text
    if column.kind == "id":
        # A row sent back with its masked number keeps the number already on file.
        for old in kept:
            if text == old.get("id_masked"):
                return {"id_sealed": old["id_sealed"], "id_masked": old["id_masked"]}
        try:
            parsed = parse_id(RESIDENT_ID, text)
        except DomainError as exc:
            raise _bad(section, n, column, f"无效：{exc.message}") from None
        return {
            "id_sealed": crypto.encrypt(parsed.number),
            "id_masked": crypto.mask_id(parsed.number),
        }
    return text


def clean_rows(key: str, rows, old_rows: list[dict] | None = None) -> list[dict]:
    """The rows of section `key`, checked and normalised (DomainError at the first bad cell)."""
    section = BY_KEY.get(key)
    if section is None:
        raise DomainError("filing_section", f"申请表没有“{key}”这一部分", field="sections")
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        raise DomainError(
            "filing_section_rows",
            f"{section.label}应为不超过{MAX_ROWS}行的列表",
            field=key,
            rule="INST-02",
        )
    old_rows = old_rows or []
    cleaned = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise DomainError(
                "filing_section_row", f"{section.label}第{n}行格式不正确", field=f"{key}.{n}"
            )
        # the rows on file of the same name, whose masked ID number may come back unchanged
        kept = [o for o in old_rows if o.get("name") == str(row.get("name") or "").strip()]
        out = {}
        for column in section.columns:
            value = _cell(section, n, column, row.get(column.key), kept)
            if column.kind == "id" and isinstance(value, dict):
                out.update({"id_sealed": value["id_sealed"], "id_masked": value["id_masked"]})
            else:
                out[column.key] = value
        cleaned.append(out)
    return cleaned


def clean_texts(texts) -> dict[str, str]:
    if not isinstance(texts, dict):
        raise DomainError("filing_texts", "申请表文字部分格式不正确", field="texts")
    out = {}
    for key, label in TEXTS.items():
        text = str(texts.get(key) or "").strip()
        if "\x00" in text or len(text) > 2000:
            raise DomainError(
                "filing_text", f"“{label}”不能超过2000个字符", field=key, rule="INST-02"
            )
        out[key] = text
    return out


def display_rows(key: str, rows: list[dict]) -> list[list[str]]:
    """The rows as cells in column order, ID numbers masked."""
    section = BY_KEY[key]
    return [
        [
            str(row.get("id_masked", "")) if c.kind == "id" else str(row.get(c.key, ""))
            for c in section.columns
        ]
        for row in rows
    ]


def rows_from_text(key: str, text: str) -> list[dict]:
    """A page's textarea: one row a line, cells separated by `|` in column order."""
    section = BY_KEY[key]
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("|")]
        rows.append(
            {c.key: (cells[i] if i < len(cells) else "") for i, c in enumerate(section.columns)}
        )
    return rows


def rows_to_text(key: str, rows: list[dict]) -> str:
    return "\n".join(" | ".join(cells) for cells in display_rows(key, rows))
