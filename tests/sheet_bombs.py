"""Hostile .xlsx files for the bounded reader (issue 16 item 1), and a child to read them in.

A regression must fail a test, not kill pytest: python-calamine aborts the process when it
cannot allocate a sheet's grid. So `bounded` runs the read in a forked child (which shares
the test database, an in-memory SQLite copied by fork) under an address-space limit and a
timer, and reports the child's death as a test failure.
"""

import io
import os
import pickle
import resource
import signal
import zipfile
from xml.sax.saxutils import escape

import pytest

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
    '"xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
    '"worksheets/sheet1.xml"/></Relationships>'
)


def column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def row_xml(number: int, values: list[str]) -> str:
    cells = "".join(
        text_cell(f"{column_letters(i)}{number}", v) for i, v in enumerate(values, 1) if v
    )
    return f'<row r="{number}">{cells}</row>'


def xlsx_with(sheet_data: str, dimension: str = "A1:B2") -> bytes:
    """A minimal .xlsx whose first sheet's <sheetData> is `sheet_data`, as a 5 KB attack is."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        f'.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{sheet_data}'
        "</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CT)
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def bomb(header: list[str], data_row: list[str], far: str = "XFD1048576") -> bytes:
    """A usable header and data row, plus one number at `far`; the dimension lies (A1:B2)."""
    row = int("".join(c for c in far if c.isdigit()))
    far_row = f'<row r="{row}"><c r="{far}"><v>1</v></c></row>'
    return xlsx_with(row_xml(1, header) + row_xml(2, data_row) + far_row)


KILL = "XFD1048576"  # the grid A1:XFD1048576 cannot be allocated: calamine aborts
SLOW = "A200000"  # 200,000 rows: seconds and hundreds of MB before the fix


def _address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0  # pragma: no cover - Linux only


def bounded(fn, *, extra_mb: int = 400, seconds: int = 60):
    """fn() in a forked child limited to `extra_mb` more address space; returns its result or
    re-raises its exception (as type name, code, message) in a form tests can assert on."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_end)
        try:
            limit = _address_space() + extra_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            signal.alarm(seconds)
            try:
                outcome = ("ok", fn())
            except Exception as exc:  # reported to the parent
                outcome = ("raised", type(exc).__name__, getattr(exc, "code", ""), str(exc))
            payload = pickle.dumps(outcome)
        except BaseException:  # noqa: BLE001 - e.g. an unpicklable result
            payload = pickle.dumps(("raised", "ChildError", "", "unpicklable result"))
        os.write(write_end, payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) or not payload:
        pytest.fail(f"the reader killed its process (status {status}): the sheet was not bounded")
    return pickle.loads(payload)
