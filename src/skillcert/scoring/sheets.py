"""Score sheets as .xlsx: a sheet prefilled with the sitting's candidates, and its import.

The import is all-or-nothing: scores decide results, so a sheet with any bad row changes
nothing and every bad row is reported with its row number, column and reason.
"""

import io

from skillcert.core.errors import DomainError
from skillcert.core.normalize import normalize_text
from skillcert.core.sheets import read_first_sheet
from skillcert.core.xlsx import workbook

from .selectors import score_sheet
from .services import ScoreInput, parse_score, results_set

COLUMNS = ["报名号", "姓名", "证件号码", "理论成绩", "技能成绩"]


class SheetErrors(DomainError):
    def __init__(self, errors: list[dict]):
        super().__init__(
            "sheet_errors", f"成绩表有{len({e['row'] for e in errors})}行错误，未导入任何成绩"
        )
        self.errors = errors


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize_text(str(value))  # full-width digits, surrounding spaces (issue 16)


def score_sheet_xlsx(sitting) -> bytes:
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("成绩")
    bold = book.add_format({"bold": True, "bg_color": "#EEF1F5"})
    sheet.write_row(0, 0, [*COLUMNS, "备注"], bold)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 2, 22)
    sheet.set_column(3, 4, 12)
    for i, reg in enumerate(score_sheet(sitting), start=1):
        result = getattr(reg, "result", None)
        theory = practical = note = ""
        if result is not None:
            theory = "缺考" if result.theory_absent else _cell(result.theory_score)
            practical = "缺考" if result.practical_absent else _cell(result.practical_score)
            if result.carried_subject:  # SCORE-02: the carried subject stays empty
                label = "理论" if result.carried_subject == "theory" else "技能"
                carried = _cell(getattr(result, f"{result.carried_subject}_score"))
                note = f"{label}{result.carried_label} {carried}"
                if result.carried_subject == "theory":
                    theory = ""
                else:
                    practical = ""
        row = [reg.pk, reg.person.name, reg.person.id_masked, theory, practical, note]
        sheet.write_row(i, 0, row)
    note = book.add_worksheet("填写说明")
    note.write(
        0,
        0,
        "成绩满分100分，最多1位小数；缺考填“缺考”（按0分计，SCORE-01）；不要修改报名号和姓名。"
        "备注为“沿用”的科目留空即沿用一年内的单科合格成绩（SCORE-02）。",
    )
    book.close()
    return out.getvalue()


def _rows(uploaded_file) -> list[list]:
    # Bounded (issue 16 item 1): an oversized sheet is refused before it is read.
    return read_first_sheet(
        uploaded_file.read(), unreadable=("sheet_unreadable", "无法读取成绩表，请上传 .xlsx 文件")
    )


def score_sheet_import(*, actor, sitting, uploaded_file) -> int:
    """Import a filled score sheet; returns how many results changed."""
    rows = _rows(uploaded_file)
    header = [_cell(c) for c in (rows[0] if rows else [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise DomainError("sheet_header", f"成绩表缺少列：{'、'.join(missing)}")
    col = {name: header.index(name) for name in COLUMNS}
    names = {r.pk: r.person.name for r in score_sheet(sitting)}
    items, errors = [], []
    for number, row in enumerate(rows[1:], start=2):
        cells = {name: _cell(row[i]) if i < len(row) else "" for name, i in col.items()}
        if not any(cells.values()):
            continue
        item = _parse_row(number, cells, names, errors)
        if item is not None:
            items.append(item)
    if errors:
        raise SheetErrors(errors)
    return len(results_set(actor=actor, sitting=sitting, items=items))


def _parse_row(number: int, cells: dict, names: dict, errors: list) -> ScoreInput | None:
    def bad(column: str, reason: str, rule: str = ""):
        errors.append(
            {
                "row": number,
                "column": column,
                "value": cells.get(column, ""),
                "reason": reason,
                "rule": rule,
            }
        )

    reg_id = int(cells["报名号"]) if cells["报名号"].isdigit() else None
    if reg_id not in names:
        bad("报名号", "报名号不属于本批次")
        return None
    if cells["姓名"] != names[reg_id]:
        bad("姓名", f"姓名与报名号{reg_id}不符")
        return None
    parsed = {}
    for column in ("理论成绩", "技能成绩"):
        try:
            parsed[column] = parse_score(cells[column], field=column)
        except DomainError as exc:
            bad(column, exc.message, exc.rule)
    if len(parsed) < 2:
        return None
    (theory, t_absent), (practical, p_absent) = parsed["理论成绩"], parsed["技能成绩"]
    return ScoreInput(reg_id, theory, practical, t_absent, p_absent)
