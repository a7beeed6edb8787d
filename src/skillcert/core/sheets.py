"""Reading an uploaded .xlsx without trusting its size: one bounded reader for every import.

python-calamine builds a dense grid from the top-left to the bottom-right cell holding a
value, and aborts the whole process (no exception) when that grid cannot be allocated: a
5 KB file with values at A1 and XFD1048576 kills the server. So before calamine sees a
file, `check_size` streams the first sheet's XML (never holding it in memory) and looks for
a value beyond the row or column cap (RuleSettings.sheet_max_rows / sheet_max_columns).

Two passes keep the common case fast. The fast pass counts bytes: it accepts a sheet only if
every cell and row tag starts `<c r="A1"` / `<row r="1"` (as Excel, WPS, LibreOffice and the
Python libraries write them), nothing else looks like an r attribute, and no reference is
past a cap or out of plain form. Anything else gets the exact pass, which places every value
as calamine does (a cell's `r`, else the column after the previous cell; a row's `r`, else
the row after the previous one; cells with no value ignored, as calamine ignores them).
`<dimension ref>` is never trusted, as calamine never uses it: a forged one fools neither.

Each reader turns the cells it uses into text with core.normalize.normalize_text as it walks
the rows (no second pass over the grid), so every import treats full-width digits and
surrounding spaces the same way.
"""

import functools
import io
import posixpath
import re
import zipfile
from xml.parsers import expat

from python_calamine import CalamineWorkbook

from .errors import DomainError
from .rules import rules

_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20
_MAX_META_BYTES = 4 << 20  # workbook.xml and its rels: a few KB in a real file
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


class _TooLarge(Exception):
    def __init__(self, rows: bool):
        self.rows = rows


def is_xlsx(data: bytes) -> bool:
    return data.startswith(_ZIP_MAGIC)


def read_first_sheet(data: bytes, *, unreadable: tuple[str, str]) -> list[list]:
    """The first sheet as rows of cells (index 0 is Excel row 1), as calamine gives them.

    `unreadable` is the caller's (code, message) for a damaged file; an oversized sheet is
    DomainError "sheet_too_large" naming the cap, raised before anything is allocated.
    """
    code, message = unreadable
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        check_size(book)
    except DomainError:
        raise
    except Exception as exc:  # zip, XML and path errors of a damaged file
        raise DomainError(code, f"{message}：{type(exc).__name__}", field="file") from exc
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        # skip_empty_area=False keeps leading empty rows, so index 0 is Excel row 1.
        table = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several types for damaged files
        raise DomainError(code, f"{message}：{type(exc).__name__}", field="file") from exc
    return table


def check_size(book: zipfile.ZipFile) -> None:
    """DomainError if the first sheet holds a value beyond the row or column cap, or if the
    parts calamine loads whole (the sheet, shared strings, styles) unpack past the byte cap:
    a zip of repeated bytes unpacks a thousand times its size."""
    limits = rules()
    part = first_sheet_part(book)
    budget = limits.sheet_max_unpacked_mb << 20
    for name in book.namelist():
        if name.lower().endswith(("sharedstrings.xml", "styles.xml")):
            with book.open(name) as stream:
                budget -= _drain(stream, budget)
    with _Budget(book.open(part), budget) as stream:
        if _plainly_within(stream, limits.sheet_max_rows, limits.sheet_max_columns):
            return
    try:
        with _Budget(book.open(part), budget) as stream:
            _Scanner(limits.sheet_max_rows, limits.sheet_max_columns).feed(stream)
    except _TooLarge as exc:
        raise too_large(rows=exc.rows) from None


def _drain(stream, budget: int) -> int:
    """Bytes the stream unpacks to, read in chunks; too_unpacked past `budget`."""
    total = 0
    while chunk := stream.read(_CHUNK):
        total += len(chunk)
        if total > budget:
            raise too_unpacked()
    return total


class _Budget:
    """A zip member stream that refuses to unpack more than `budget` bytes."""

    def __init__(self, stream, budget: int):
        self.stream, self.left = stream, budget

    def read(self, size: int) -> bytes:
        chunk = self.stream.read(size)
        self.left -= len(chunk)
        if self.left < 0:
            raise too_unpacked()
        return chunk

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()


def too_unpacked() -> DomainError:
    mb = rules().sheet_max_unpacked_mb
    return DomainError(
        "sheet_too_large", f"表格文件解压后超过{mb}MB，请删除多余的内容或分批导入", field="file"
    )


def too_large(*, rows: bool) -> DomainError:
    limits = rules()
    if rows:
        text = f"表格超过{limits.sheet_max_rows}行，请删除多余的行或分批导入"
    else:
        text = f"表格超过{limits.sheet_max_columns}列，请删除多余的列后重新上传"
    return DomainError("sheet_too_large", text, field="file")


def first_sheet_part(book: zipfile.ZipFile) -> str:
    """The zip member of the workbook's first sheet, found as calamine finds it."""
    first = {}

    def start(name, attrs):
        if not first and name.rsplit(" ", 1)[-1] == "sheet":
            first["id"] = attrs.get(f"{_REL_NS} id", "")

    _parse_small(book, "xl/workbook.xml", start)
    targets = {}

    def rel(name, attrs):
        if name.rsplit(" ", 1)[-1] == "Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    _parse_small(book, "xl/_rels/workbook.xml.rels", rel)
    target = targets.get(first.get("id"), "")
    if not target:
        raise KeyError("first sheet")
    part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return posixpath.normpath(part)


def _parse_small(book: zipfile.ZipFile, name: str, start) -> None:
    if book.getinfo(name).file_size > _MAX_META_BYTES:
        raise ValueError(name)
    parser = _parser()
    parser.StartElementHandler = start
    with book.open(name) as stream:
        parser.Parse(stream.read(_MAX_META_BYTES + 1), True)


def _parser():
    parser = expat.ParserCreate(namespace_separator=" ")

    def no_dtd(*_args):  # no DTD, so no entity expansion
        raise ValueError("DTD")

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    return parser


def _plainly_within(stream, max_rows: int, max_columns: int) -> bool:
    """The fast pass: True if every cell and row tag is written `<c r="A1"` / `<row r="1"`,
    no other r attribute exists and no reference is past a cap (see the module docstring).

    Byte counts and literal-prefixed regexes run at memory speed; the stream is cut after a
    '>', and no pattern below has a '>' inside it, so a cut never splits one.
    """
    suspects = _suspects(max_rows, max_columns)
    rest = b""
    while chunk := stream.read(_CHUNK):
        buffer = rest + chunk
        cut = buffer.rfind(b">") + 1
        if len(buffer) - cut > _CHUNK:
            return False  # a tag longer than a chunk: let the exact pass judge it
        part, rest = buffer[:cut], buffer[cut:]
        # calamine takes the last of repeated r attributes: only the first may exist.
        firsts = part.count(b'<c r="') + part.count(b'<row r="')
        if part.count(b' r="') != firsts or any(p.search(part) for p in suspects):
            return False
    return not rest.strip()


def _at_most(limit: int, alphabet: str) -> str:
    """A regex for the strings over `alphabet` (most significant first) naming at most
    `limit` in that alphabet's positional notation: shorter ones, or as long and not above."""
    digits = _positional(limit, alphabet)
    any_ = f"[{alphabet[0]}-{alphabet[-1]}]"
    parts = [f"{any_}{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    for i, ch in enumerate(digits):
        smaller = alphabet[: alphabet.index(ch)]
        if smaller:
            rest = len(digits) - i - 1
            parts.append(f"{digits[:i]}[{smaller[0]}-{smaller[-1]}]{any_}{{{rest}}}")
    parts.append(digits)
    return "(?:" + "|".join(parts) + ")"


def _positional(limit: int, alphabet: str) -> str:
    if alphabet[0] == "0":
        return str(limit)
    letters = ""  # Excel's bijective base 26: 1 = A, 26 = Z, 27 = AA
    while limit:
        limit, rem = divmod(limit - 1, 26)
        letters = alphabet[rem] + letters
    return letters


@functools.cache
def _suspects(max_rows: int, max_columns: int) -> tuple[re.Pattern, ...]:
    """What sends a sheet to the exact pass; each pattern starts with a literal, for speed."""
    columns = _at_most(max_columns, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    rows = _at_most(max_rows, "0123456789")
    patterns = [
        # a cell or row whose first attribute is not r, or whose reference is past a cap or
        # not in plain A1 form; one pattern each, so the literal '<c' / '<row' is searched once
        rf'<c(?:(?=[\s/>])(?! r=")| r="(?!{columns}{rows}"))',
        rf'<row(?:(?=[\s/>])(?! r=")| r="(?!{rows}"))',
        r":(?:c|row)[\s/>]",  # a namespace prefix
        # an r attribute in another form: r =, r='...', or after a tab or a line break
        r' r(?:[\t\n\r ]|=[^"])',
        r"\tr",
        r"\nr",
        r"\rr",
    ]
    return tuple(re.compile(p.encode()) for p in patterns)


class _Scanner:
    """Where calamine would place each value of a worksheet's XML, checked against caps."""

    def __init__(self, max_rows: int, max_columns: int):
        self.max_rows, self.max_columns = max_rows, max_columns
        self.row = 0  # 1-based Excel row of the current <row>
        self.col = 0  # 1-based column of the current <c>
        self.cell_row = 0
        self.in_cell = False

    def feed(self, stream) -> None:
        parser = _parser()
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def _start(self, name: str, attrs: dict) -> None:
        local = name[name.rfind(" ") + 1 :]
        if local == "c":
            ref = attrs.get("r")
            if ref:
                col, self.cell_row = _parse_ref(ref)
                self.col = col
            else:
                self.col += 1
                self.cell_row = self.row
            self.in_cell = True
        elif local in ("v", "is") and self.in_cell:
            # calamine keeps a cell only when it has a value: styled empty cells cost nothing.
            if self.cell_row > self.max_rows:
                raise _TooLarge(rows=True)
            if self.col > self.max_columns:
                raise _TooLarge(rows=False)
        elif local == "row":
            ref = attrs.get("r")
            self.row = int(ref) if ref else self.row + 1
            self.col = 0

    def _end(self, name: str) -> None:
        if name.endswith("c") and name[name.rfind(" ") + 1 :] == "c":
            self.in_cell = False


def _parse_ref(ref: str) -> tuple[int, int]:
    """('XFD1048576') -> (16384, 1048576): column and row, 1-based."""
    match = _REF.match(ref)
    if not match:
        raise ValueError(f"cell reference {ref[:20]!r}")
    col = 0
    for ch in match[1].upper():
        col = col * 26 + ord(ch) - 64
    return col, int(match[2])
