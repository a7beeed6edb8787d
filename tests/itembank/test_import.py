"""Import of items from .xlsx: good rows stored, every bad row reported by row and column,
one audit entry; the template imports; an export imports back."""

import io

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.itembank.item_import import (
    COLUMNS,
    export_xlsx,
    items_import,
    template_xlsx,
)
from skillcert.itembank.models import Item, ItemVersion

pytestmark = pytest.mark.django_db

GOOD = {
    "职业编码": "6-18-01-01",
    "级别": "四级",
    "题型": "多选题",
    "题干": "车刀的主要角度有（ ）。",
    "选项A": "前角",
    "选项B": "后角",
    "选项C": "主偏角",
    "答案": "A、B、C",
    "知识点": "2.1 刀具",
    "难度": "3",
    "来源": "国家题库",
    "状态": "已审核",
}


def book(rows, columns=COLUMNS) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(columns)
    for r in rows:
        ws.append([r.get(c, "") for c in columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_good_rows_are_stored_bad_rows_reported_by_row_and_column(institution, staff):
    rows = [
        GOOD,
        GOOD | {"职业编码": "9-99-99-99"},
        GOOD | {"题型": "问答题", "难度": "九"},
        GOOD | {"来源": ""},
        GOOD | {"题型": "判断题", "选项A": "", "选项B": "", "选项C": "", "答案": "对"},
        GOOD | {"题型": "单选题", "答案": "AB"},
        GOOD | {"来源": "机构自建"},
        GOOD | {"题型": "填空题", "选项A": "", "选项B": "", "选项C": "", "答案": "前角|γ0"},
    ]
    report = items_import(
        actor=staff, institution=institution, data=book(rows), filename="bank.xlsx"
    )
    got = {(e.row, e.column) for e in report.errors}
    assert got == {
        (3, "职业编码"),
        (4, "题型"),
        (4, "难度"),
        (5, "来源"),
        (7, "答案"),
        (8, "命题人"),
    }
    assert report.created == 3 and report.bad_rows == 5
    by_kind = {i.kind: i for i in Item.objects.filter(institution=institution)}
    assert by_kind["multiple"].answer == [0, 1, 2] and by_kind["multiple"].status == "reviewed"
    assert by_kind["judge"].answer is True and by_kind["judge"].options == []
    assert by_kind["fill"].answer == ["前角", "γ0"]
    assert ItemVersion.objects.filter(item__institution=institution).count() == 3
    entry = AuditEntry.objects.get(action="item.import")
    assert entry.after["created"] == 3 and entry.after["bad_rows"] == 5
    reason = next(e.reason for e in report.errors if e.row == 7)
    assert "单选题只能有一个正确答案" in reason


def test_a_file_without_required_columns_changes_nothing(institution, staff):
    with pytest.raises(DomainError) as exc:
        items_import(
            actor=staff,
            institution=institution,
            data=book([GOOD], ["题干", "答案"]),
            filename="x.xlsx",
        )
    assert "职业编码" in exc.value.message
    with pytest.raises(DomainError):
        items_import(actor=staff, institution=institution, data=b"not excel", filename="x.xlsx")
    assert not Item.objects.exists() and not AuditEntry.objects.filter(action="item.import")


def test_the_template_imports_and_an_export_imports_back(institution, staff):
    report = items_import(actor=staff, institution=institution, data=template_xlsx())
    assert report.created == 1 and not report.errors
    item = Item.objects.get()
    data = export_xlsx(Item.objects.filter(institution=institution))
    table = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert table[0][: len(COLUMNS)] == COLUMNS and table[0][-2:] == ["试题编号", "版本"]
    assert table[1][COLUMNS.index("题干")] == item.stem and table[1][-2] == str(item.pk)
    again = items_import(actor=staff, institution=institution, data=data)
    assert again.created == 1 and not again.errors
    twin = Item.objects.exclude(pk=item.pk).get()
    assert (twin.stem, twin.options, twin.answer) == (item.stem, item.options, item.answer)
