"""Issue 16 item 1: one bounded reader (core.sheets) for every uploaded spreadsheet.

Each hostile file is read in a forked, memory-limited child (tests.sheet_bombs.bounded): before
the fix the child dies (calamine aborts) and the test fails instead of pytest.
"""

import io
import zipfile

import pytest

from skillcert.core.errors import DomainError
from skillcert.core.sheets import _plainly_within, read_first_sheet
from tests.sheet_bombs import KILL, SLOW, bomb, bounded, row_xml, text_cell, xlsx_with

UNREADABLE = ("x_unreadable", "文件无法读取")


def read(data: bytes):
    return read_first_sheet(data, unreadable=UNREADABLE)


def refused(data: bytes) -> tuple[str, str]:
    outcome = bounded(lambda: read(data))
    assert outcome[0] == "raised", f"an oversized sheet was read: {outcome}"
    return outcome[2], outcome[3]


def test_a_5kb_file_with_a1_and_xfd1048576_is_refused_and_the_process_lives():
    """Issue 16 item 1: the 5.5 KB sheet that killed the server gets a Chinese error."""
    data = bomb(["姓名"], ["张三"], far=KILL)
    assert len(data) < 6000
    code, message = refused(data)
    assert code == "sheet_too_large"
    assert "表格超过60000行" in message


def test_a_value_at_row_200000_is_refused_without_allocating_it():
    """Issue 16 item 1: a far row costs neither seconds nor GB (the child has 400 MB)."""
    code, message = refused(bomb(["姓名"], ["张三"], far=SLOW))
    assert (code, message) == ("sheet_too_large", "表格超过60000行，请删除多余的行或分批导入")


def test_a_column_beyond_the_cap_is_refused():
    code, message = refused(bomb(["姓名"], ["张三"], far="BZ2"))
    assert (code, message) == ("sheet_too_large", "表格超过50列，请删除多余的列后重新上传")


def test_cells_without_references_are_placed_as_calamine_places_them():
    """Issue 16 item 1: 20,000 cells with no r in one row reach column 20,000: refused."""
    cells = "<c><v>1</v></c>" * 20_000
    code, _ = refused(xlsx_with(f'<row r="1">{cells}</row>'))
    assert code == "sheet_too_large"


def test_a_reference_hidden_in_another_attribute_does_not_count():
    """A cell whose only r= is inside another attribute's value has no reference."""
    cells = '<c t="n" s="0" x="a r=&quot;A1&quot;"><v>1</v></c>' * 100
    rows = "".join(f'<row r="{n}" foo=" r=\'1\'">{cells}</row>' for n in (1, 2))
    code, _ = refused(xlsx_with(rows))
    assert code == "sheet_too_large"


def test_styled_empty_cells_far_away_are_not_values():
    """Excel writes formatted empty cells; calamine ignores them, so the reader does too."""
    data = xlsx_with(row_xml(1, ["姓名"]) + '<row r="900000"><c r="XFD900000" s="1"/></row>')
    assert bounded(lambda: read(data)) == ("ok", [["姓名"]])


def test_a_forged_dimension_changes_nothing():
    data = xlsx_with(row_xml(1, ["姓名"]), dimension="A1:XFD1048576")
    assert bounded(lambda: read(data)) == ("ok", [["姓名"]])


def test_the_caps_are_rule_settings_and_the_last_allowed_row_reads(settings):
    settings.SKILLCERT_RULES = {"sheet_max_rows": 3, "sheet_max_columns": 2}
    at_cap = xlsx_with(row_xml(1, ["a", "b"]) + row_xml(3, ["c"]))
    assert read(at_cap) == [["a", "b"], ["", ""], ["c", ""]]
    with pytest.raises(DomainError, match="表格超过3行"):
        read(xlsx_with(row_xml(1, ["a"]) + row_xml(4, ["c"])))
    with pytest.raises(DomainError, match="表格超过2列"):
        read(xlsx_with(row_xml(1, ["a", "b", "c"])))


def test_unusual_but_bounded_files_still_read():
    """Rows and cells without r go through the exact pass, and a bounded one reads."""
    data = xlsx_with(
        '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
        '<row><c s="1"/><c t="inlineStr"><is><t>y</t></is></c></row>'
    )
    assert read(data) == [["x", ""], ["", "y"]]


def test_a_damaged_file_is_the_callers_unreadable_error():
    with pytest.raises(DomainError, match="文件无法读取") as info:
        read(b"PK\x03\x04 not really a zip")
    assert info.value.code == "x_unreadable"


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="B1" r="XFD1048576"><v>1</v></c>',  # calamine takes the last of repeated r
        '<c r="B1" r ="XFD1048576"><v>1</v></c>',
        "<c r='XFD1048576'><v>1</v></c>",
        '<c t="n"\tr="XFD1048576"><v>1</v></c>',
        '<x:c r="XFD1048576" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<x:v>1</x:v></x:c>",
    ],
)
def test_references_written_unusually_cannot_slip_past_the_fast_pass(cell):
    """Issue 16 item 1: every way to write a far reference reaches the exact pass, which
    refuses it (a repeated attribute is not well-formed XML: refused as unreadable)."""
    data = xlsx_with(f'<row r="1">{text_cell("A1", "x")}{cell}</row>')
    with zipfile.ZipFile(io.BytesIO(data)).open("xl/worksheets/sheet1.xml") as stream:
        assert not _plainly_within(stream, 60_000, 50)
    code, _ = refused(data)
    assert code in ("sheet_too_large", "x_unreadable")


def test_a_zip_of_repeated_bytes_is_refused_before_calamine_loads_it(settings):
    """Issue 16 item 1: shared strings that unpack past the cap are never loaded whole."""
    settings.SKILLCERT_RULES = {"sheet_max_unpacked_mb": 1}
    data = xlsx_with(row_xml(1, ["姓名"]))
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>a</t></si>" * 200_000)
    with pytest.raises(DomainError, match="解压后超过1MB"):
        read(buffer.getvalue())
    padded = xlsx_with(row_xml(1, ["姓名"]) + " " * (2 << 20))
    with pytest.raises(DomainError, match="解压后超过1MB"):
        read(padded)
    assert read(data) == [["姓名"]]
