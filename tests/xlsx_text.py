"""Issue 16 item 13: text that looks like a formula must be a text cell in every .xlsx we write."""

import io

import openpyxl

# What a hostile name or title looks like: each becomes a live formula in Excel if written
# as one (=), or is read as one when edited (+ - @).
EVIL = '=HYPERLINK("http://evil.example/x","点我")'
EVILS = [EVIL, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]


def assert_written_as_text(data: bytes, *texts: str) -> None:
    """No cell of the workbook is a formula, and each of `texts` is a string cell."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    found.setdefault(cell.value, cell.data_type)
    for text in texts:
        assert found.get(text) == "s", f"{text!r} is not a text cell: {found.get(text)}"
