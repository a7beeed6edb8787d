"""The feed's workbook: sheet 证书数据 in the layout of certificates.export (so the
authority's import reads both alike), then sheet 更正 (VIOL-05):

| col | header     | content                                          |
|-----|------------|--------------------------------------------------|
| A   | 序号       | 1, 2, 3 … (number)                               |
| B   | 证书编号   | the voided certificate's number                  |
| C   | 姓名       | holder's name as printed                         |
| D   | 证件类型   | label                                            |
| E   | 证件号码   | FULL (the authority's records are keyed by it)   |
| F   | 职业编码   |                                                  |
| G   | 职业名称   |                                                  |
| H   | 职业技能等级 | label                                          |
| I   | 原发证日期 | YYYY-MM-DD                                       |
| J   | 作废日期   | YYYY-MM-DD                                       |
| K   | 作废原因   | the notice's reason                              |
| L   | 更正类型   | 撤销证书数据 (every notice withdraws the data)   |
"""

from skillcert.certificates import export as certificate_export
from skillcert.core.xlsx import workbook

CERTIFICATE_SHEET = certificate_export.SHEET
CORRECTION_SHEET = "更正"
CORRECTION_COLUMNS = (
    "序号",
    "证书编号",
    "姓名",
    "证件类型",
    "证件号码",
    "职业编码",
    "职业名称",
    "职业技能等级",
    "原发证日期",
    "作废日期",
    "作废原因",
    "更正类型",
)
WITHDRAW = "撤销证书数据"


def _correction_row(notice) -> list[str]:
    c = notice.certificate
    return [
        c.number,
        c.holder_name,
        c.id_type_label,
        c.person.id_number,  # full: see the docstring
        c.occupation_code,
        c.occupation_name,
        c.level_label,
        f"{c.issued_on:%Y-%m-%d}",
        f"{c.voided_on:%Y-%m-%d}" if c.voided_on else "",
        notice.reason,
        WITHDRAW,
    ]


def _sheet(book, name, columns, rows, bold) -> int:
    sheet = book.add_worksheet(name)
    sheet.write_row(0, 0, columns, bold)
    n = 0
    for n, row in enumerate(rows, start=1):
        sheet.write_number(n, 0, n)
        for col, value in enumerate(row, start=1):
            sheet.write_string(n, col, value)
    return n


def write_feed(certificates, notices, fileobj) -> tuple[int, int]:
    """Both sheets to `fileobj`; returns (certificate rows, correction rows)."""
    book = workbook(fileobj, {"constant_memory": True, "in_memory": False})
    bold = book.add_format({"bold": True})
    # The certificate rows are export's own (_row numbers them; its first cell is 序号).
    certs = (certificate_export._row(0, c)[1:] for c in certificates)
    n_certs = _sheet(book, CERTIFICATE_SHEET, certificate_export.COLUMNS, certs, bold)
    notes = map(_correction_row, notices)
    n_notes = _sheet(book, CORRECTION_SHEET, CORRECTION_COLUMNS, notes, bold)
    book.close()
    return n_certs, n_notes
