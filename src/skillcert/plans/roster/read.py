"""Reading a roster .xlsx with python-calamine into rows of text in the template's column order.

Columns are found by their header names, so their order does not matter and unknown columns
(such as the 错误原因 column of a downloaded error file) are ignored. Row numbers are Excel's
(the header is row 1), so error reports point at the cell the user sees.
"""

from dataclasses import dataclass
from datetime import date, datetime

from skillcert.core.errors import DomainError
from skillcert.core.normalize import SPACES as _SPACES
from skillcert.core.normalize import normalize_text
from skillcert.core.sheets import is_xlsx, read_first_sheet

from .format import COLUMNS, ERROR_COLUMN, REQUIRED_COLUMNS


@dataclass(frozen=True)
class RosterSheet:
    rows: list[tuple[int, list[str]]]  # (Excel row number, cells in COLUMNS order)


def _text(value) -> str:
    """One cell as text; integral numbers without '.0', dates as ISO."""
    if type(value) is str:
        return normalize_text(value)  # full-width digits, surrounding spaces (issue 16)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        # Excel stores an 18-digit number typed without text format as a float: its last
        # digits are already lost, so keep the visible exponent form for the error message.
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return normalize_text(str(value))


def _header_key(value) -> str:
    return _text(value).replace("*", "").replace(" ", "").replace("\u3000", "")


def _column_indexes(header: list) -> list[int | None]:
    found: dict[str, int] = {}
    unknown = []
    for i, cell in enumerate(header):
        key = _header_key(cell)
        if key in COLUMNS:
            if key in found:
                raise DomainError(
                    "roster_header", f"表头第1行中“{key}”列重复，请只保留一列", field="file"
                )
            found[key] = i
        elif key and key != ERROR_COLUMN:
            unknown.append(key)
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        hint = f"；未识别的列：{'、'.join(unknown)}" if unknown else ""
        raise DomainError(
            "roster_header",
            f"表头缺少必需的列：{'、'.join(missing)}{hint}。请使用名册模板",
            field="file",
        )
    return [found.get(c) for c in COLUMNS]


def _open(data: bytes) -> list[list]:
    if not is_xlsx(data):
        raise DomainError(
            "roster_unreadable", "文件不是Excel .xlsx 格式，请用名册模板填写后上传", field="file"
        )
    # Bounded (issue 16 item 1): an oversized sheet is refused before it is read.
    return read_first_sheet(data, unreadable=("roster_unreadable", "文件无法读取，可能已损坏"))


def read_roster(data: bytes) -> RosterSheet:
    """The data rows of the first sheet; DomainError for an unreadable file or a bad header."""
    table = _open(data)
    if not table:
        raise DomainError("roster_empty", "文件的第一个工作表是空的", field="file")
    indexes = _column_indexes(table[0])
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        width = len(raw)
        # Text cells, nearly all of them, inline: a call per cell was a tenth of the import.
        cells = [
            (
                (c.strip(_SPACES) if c.isascii() else _text(c))
                if type(c := raw[i]) is str
                else _text(c)
            )
            if i is not None and i < width
            else ""
            for i in indexes
        ]
        if any(cells):
            rows.append((number, cells))
    if not rows:
        raise DomainError(
            "roster_empty", "名册没有数据行（第1行为表头，从第2行起填写）", field="file"
        )
    return RosterSheet(rows)


def check_filename(name: str) -> str:
    """Only .xlsx: calamine reads more, but the template and error files are .xlsx."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not base.lower().endswith(".xlsx"):
        raise DomainError(
            "roster_type", f"只接受 .xlsx 文件，“{base or '未命名文件'}”不是", field="file"
        )
    return base[-200:]
