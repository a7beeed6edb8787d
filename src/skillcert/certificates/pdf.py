"""The certificate PDF (CERT-03), after the national sample in 004 证书样式.

One A4-landscape page per certificate, laid out as the open booklet of the sample: the
left half carries the title, the issuing statement, the issuer, the seal, the issue date
and the verification addresses; the right half the 1-inch photo, the holder's data with
bilingual labels, and the certificate's own QR code.

Speed (a register prints hundreds at once): the font is registered once per process and
embedded as a subset; everything that is the same on every page is drawn once into a form
XObject and placed by reference, the issuer block (statement and seal) once per issuer; the
QR code is drawn as merged vector rectangles, never as an image. For a ZIP of one file per
certificate the fixed text has its own font subset, built and deflated once per process and
issuer, and the holder's values a second, small one (see `_KaiFace`, `_draw_value`).
"""

import copy
import hashlib
import io
import logging
import math
import zlib
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import date
from functools import cache, lru_cache

import segno
from django.conf import settings
from reportlab import rl_config
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFName
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace
from reportlab.pdfgen import canvas as pdfcanvas

from skillcert.people.photos import photo_bytes

from .models import Certificate
from .verification import verify_url

log = logging.getLogger(__name__)

FONT_NAME = "SkillcertKai"
VALUES_FONT_NAME = "SkillcertKaiValues"
# 楷体 per the sample (Debian fonts-arphic-ukai); settings may point elsewhere.
DEFAULT_FONT_PATH = "/usr/share/fonts/truetype/arphic/ukai.ttc"
# The national sample prints the national lookup sites; the institution's own page follows.
DEFAULT_NATIONAL_ADDRESSES = (
    ("证书信息查询网址（Certificate Information）：", "http://jndj.osta.org.cn/"),
    ("机构信息查询网址（Assessment Information）：", "http://pjig.osta.org.cn/"),
)

PAGE_W, PAGE_H = landscape(A4)
HALF = PAGE_W / 2
SEAL_RED = Color(0.80, 0.07, 0.07)
GOLD = Color(0.62, 0.45, 0.16)
GREY = Color(0.45, 0.45, 0.45)
PHOTO = 30 * mm  # 1寸彩色（白底） 30mm x 30mm in the sample
QR_SIZE = 80  # points, quiet zone included
QR_MASK = 0
QR_QUIET = 2  # modules of white around the symbol; the page around it is white too

# (中文, English) label pairs of the holder half, top to bottom (CERT-03).
HOLDER_LABELS = (
    ("姓名", "Name"),
    ("证件类型", "ID Type"),
    ("证件号码", "ID No."),
    ("职业名称", "Occupation"),
    ("工种/职业方向", "Job Type"),
    ("职业技能等级", "Skill Level"),
    ("证书编号", "Certificate No."),
)
ROW_TOP, ROW_STEP = PAGE_H - 200, 38
VALUE_X = HALF + 175
NO_LINE_START = set("，。、；：！？）》」』〉.,;:!?)")


class _KaiFace(TTFontFace):
    """The Kai face with ReportLab's per-document subsetting made cheap to repeat.

    A ZIP job writes one PDF per certificate, so the font is subset thousands of times:
    - `get_table` copied the whole 16 MB glyf table out of the font file for every subset
      (~3 ms a file); the tables never change, so each is copied once per process.
    - The template's subset (every glyph of the fixed text, the same in every file of an
      issuer) is built and deflated once and reused; see `_subset_file`.
    """

    def __init__(self, filename: str, subfontIndex: int = 0):  # noqa: N803 - ReportLab's name
        super().__init__(filename, validate=0, subfontIndex=subfontIndex)
        self._tables: dict[str, bytes] = {}

    def get_table(self, tag):
        table = self._tables.get(tag)
        if table is None:
            table = self._tables[tag] = super().get_table(tag)
        return table

    def makeSubset(self, subset):  # noqa: N802 - ReportLab's name
        return _subset_file(self, tuple(subset))[0]

    def addSubsetObjects(self, doc, fontname, subset):  # noqa: N802 - ReportLab's name
        ref = super().addSubsetObjects(doc, fontname, subset)
        if doc.compression:
            # Swap in the subset deflated once: zlib over ~60 KB of glyphs is ~3 ms a file.
            descriptor = doc.idToObject[ref.name]
            stream = doc.idToObject[descriptor["FontFile2"].name]
            stream.content = _subset_file(self, tuple(subset))[1]
            stream.dictionary["Filter"] = PDFArray([PDFName("FlateDecode")])
        return ref


@lru_cache(maxsize=64)
def _subset_file(face: _KaiFace, subset: tuple[int, ...]) -> tuple[bytes, bytes]:
    """A subset font file and its deflated form, built once per distinct glyph set.

    Hits for the template font (same glyphs on every certificate of an issuer); the values
    font differs per holder and mostly passes through. At most 64 entries of ~100 KB.
    """
    data = TTFontFace.makeSubset(face, list(subset))
    return data, zlib.compress(data)


def _register(name: str, face: _KaiFace, *, ascii_readable: bool) -> None:
    # TTFont reads its own face from the file (0.1 s, once per process); ours replaces it.
    font = TTFont(name, face.filename, subfontIndex=0, asciiReadable=ascii_readable)
    font.face = face
    pdfmetrics.registerFont(font)


@cache
def _faces() -> tuple[_KaiFace, _KaiFace]:
    path = getattr(settings, "CERTIFICATE_FONT_PATH", DEFAULT_FONT_PATH)
    template = _KaiFace(path)
    # Same glyph tables (a shallow copy shares them), its own PDF font name: two subsets
    # of one document must not carry the same BaseFont.
    values = copy.copy(template)
    values.name = template.name + b"-Values"
    return template, values


@cache
def font_name() -> str:
    """Register the Kai font once per process; ReportLab embeds only the glyphs used.

    This font is for text that is the same on every certificate of an issuer (and for other
    apps' documents); per-certificate values use `values_font_name()`, so the template's
    subset stays the same from file to file and is built once (see `_KaiFace`).
    """
    _register(FONT_NAME, _faces()[0], ascii_readable=True)
    return FONT_NAME


@cache
def values_font_name() -> str:
    """The same Kai glyphs for the holder's values, embedding only the characters printed.

    Not ASCII-readable: ReportLab would otherwise embed all 95 ASCII glyphs (~40 KB) in
    every file for the few digits and letters of a certificate number.
    """
    _register(VALUES_FONT_NAME, _faces()[1], ascii_readable=False)
    return VALUES_FONT_NAME


def _date_zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@lru_cache(maxsize=256)
def wrap_cached(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """`wrap` remembered per process: the issuer statement is the same on every page, and
    a ZIP job renders it once per file (thousands of times) rather than once per batch."""
    return tuple(wrap(text, font, size, width))


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break text into lines no wider than `width`: CJK between any characters, Latin at spaces."""
    lines, line, last_space = [], "", -1
    for ch in text:
        trial = line + ch
        # Closing punctuation never starts a line (Chinese typesetting): let it overhang.
        fits = pdfmetrics.stringWidth(trial, font, size) <= width or ch in NO_LINE_START
        if fits or not line:
            line = trial
            if ch == " ":
                last_space = len(line) - 1
            continue
        if ch != " " and last_space > 0 and ch.isascii() and line[-1].isascii():
            lines.append(line[:last_space])
            line = line[last_space + 1 :] + ch
        else:
            lines.append(line.rstrip())
            line = "" if ch == " " else ch
        last_space = line.rfind(" ")
    if line.strip():
        lines.append(line.rstrip())
    return lines


def qr_runs(data: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR symbol as horizontal runs (row, first column, length) of dark modules."""
    # A fixed mask pattern: every mask is valid for readers, and letting segno score all
    # eight costs ~11 ms per symbol against ~2 ms, the bulk of a certificate page's time.
    # Error level M (15%) survives a stamp or a fold across the code.
    matrix = segno.make(data, error="m", micro=False, mask=QR_MASK).matrix
    runs = []
    for row, bits in enumerate(matrix):
        col, n = 0, len(bits)
        while col < n:
            if bits[col]:
                start = col
                while col < n and bits[col]:
                    col += 1
                runs.append((row, start, col - start))
            else:
                col += 1
    return len(matrix), runs


def qr_rects(n: int, runs: list[tuple[int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Merge equal runs of consecutive rows into taller rectangles: (col, row, width, height)."""
    open_: dict[tuple[int, int], list[int]] = {}  # (col, width) -> [top row, height]
    rects = []
    current_row = -1
    for row, col, length in runs + [(n + 1, -1, 0)]:  # sentinel closes everything
        if row != current_row:
            for key in [k for k, (top, h) in open_.items() if top + h < row]:
                top, h = open_.pop(key)
                rects.append((key[0], top, key[1], h))
            current_row = row
        if length:
            key = (col, length)
            if key in open_ and sum(open_[key]) == row:
                open_[key][1] += 1
            else:
                if key in open_:
                    top, h = open_.pop(key)
                    rects.append((key[0], top, key[1], h))
                open_[key] = [row, 1]
    return rects


def draw_qr(c: pdfcanvas.Canvas, data: str, x: float, y: float, size: float) -> None:
    """Vector QR: one filled path of merged rectangles, sharp at any zoom, never an image.

    The path is written in module units under one transformation matrix: integer operands
    format far faster than ReportLab's float formatting of every rectangle, and the page
    stream gets smaller too.
    """
    n, runs = qr_runs(data)
    module = size / (n + 2 * QR_QUIET)
    ops = [
        f"q 0 g {module:.4f} 0 0 {module:.4f} {x + QR_QUIET * module:.3f} "
        f"{y + QR_QUIET * module:.3f} cm"
    ]
    # Rows count down from the top in the matrix, up from the bottom in PDF.
    ops.extend(f"{col} {n - top - h} {w} {h} re" for col, top, w, h in qr_rects(n, runs))
    ops.append("f Q")
    c.addLiteral("\n".join(ops))


def _static_form(c: pdfcanvas.Canvas, font: str) -> str:
    """Everything identical on every page, drawn once and reused by reference."""
    name = "cert-static"
    c.beginForm(name)
    # Frame of the open booklet, with the fold in the middle.
    c.setStrokeColor(GOLD)
    c.setLineWidth(2)
    c.rect(18, 18, PAGE_W - 36, PAGE_H - 36)
    c.setLineWidth(0.6)
    c.rect(24, 24, PAGE_W - 48, PAGE_H - 48)
    c.setDash(2, 3)
    c.line(HALF, 36, HALF, PAGE_H - 36)
    c.setDash()
    # Left half: title and the addresses for verification.
    c.setFillColor(black)
    c.setFont(font, 30)  # 楷体 30pt per the sample
    c.drawCentredString(HALF / 2, PAGE_H - 110, "职业技能等级证书")
    c.setFont(font, 14)
    c.drawCentredString(HALF / 2, PAGE_H - 134, "Certificate of Occupational Skill Level")
    c.setFont(font, 8.5)
    addresses = list(
        getattr(settings, "CERTIFICATE_NATIONAL_ADDRESSES", DEFAULT_NATIONAL_ADDRESSES)
    )
    addresses.append(("本机构证书查询（Online Verification）：", f"{settings.SITE_URL}/verify/"))
    y = 92
    for label, url in addresses:
        c.drawString(48, y, label + url)
        y -= 14
    # Left half: fixed labels of issuer and date.
    c.setFont(font, 12)
    c.drawString(60, 178, "发证机构：")
    c.drawString(60, 150, "发证日期：")
    c.setFont(font, 9)
    c.setFillColor(GREY)
    c.drawString(60, 166, "Issued by")
    c.drawString(60, 138, "Date of Issue")
    # Right half: photo frame and bilingual labels.
    c.setStrokeColor(GREY)
    c.setLineWidth(0.5)
    c.rect(HALF + (HALF - PHOTO) / 2, PAGE_H - 60 - PHOTO, PHOTO, PHOTO)
    for i, (zh, en) in enumerate(HOLDER_LABELS):
        y = ROW_TOP - i * ROW_STEP
        c.setFillColor(black)
        c.setFont(font, 12)
        c.drawString(HALF + 40, y, f"{zh}：")
        c.setFillColor(GREY)
        c.setFont(font, 9)
        c.drawString(HALF + 40, y - 12, en)
        c.setStrokeColor(GREY)
        c.line(VALUE_X - 4, y - 4, PAGE_W - 48, y - 4)
    c.setFillColor(GREY)
    c.setFont(font, 8)
    c.drawCentredString(PAGE_W - 48 - QR_SIZE / 2, 40, "扫码查验 Scan to verify")
    c.endForm()
    return name


def _seal(c: pdfcanvas.Canvas, font: str, text: str, cx: float, cy: float, r: float) -> None:
    """The institution's seal as vectors: red ring, star, its name along the upper arc."""
    c.saveState()
    c.setStrokeColor(SEAL_RED)
    c.setFillColor(SEAL_RED)
    c.setLineWidth(2.2)
    c.circle(cx, cy, r, stroke=1, fill=0)
    # Five-pointed star in the centre.
    star = c.beginPath()
    for k in range(10):
        radius = r * (0.28 if k % 2 == 0 else 0.11)
        angle = math.pi / 2 + k * math.pi / 5
        px, py = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        star.moveTo(px, py) if k == 0 else star.lineTo(px, py)
    star.close()
    c.drawPath(star, stroke=0, fill=1)
    chars = list(text)[:24]
    size = max(7.0, min(11.0, 2 * math.pi * r * 0.62 / max(len(chars), 1)))
    c.setFont(font, size)
    span = min(250.0, 18.0 * len(chars) * size / 10)
    for i, ch in enumerate(chars):
        angle = span / 2 - (span * i / (len(chars) - 1) if len(chars) > 1 else 0)
        c.saveState()
        c.translate(cx, cy)
        c.rotate(angle)
        c.drawCentredString(0, r - size - 3, ch)
        c.restoreState()
    c.setFont(font, 7)
    c.drawCentredString(cx, cy - r * 0.55, "职业技能等级认定专用章")
    c.restoreState()


def _issuer_form(c: pdfcanvas.Canvas, font: str, issuer: str, seal_text: str) -> str:
    """The issuer block (statement, name, seal), drawn once per issuer in a document."""
    name = "cert-issuer-" + hashlib.sha1(f"{issuer}|{seal_text}".encode()).hexdigest()[:12]
    c.beginForm(name)
    c.setFillColor(black)
    width = HALF - 120
    y = PAGE_H - 180
    c.setFont(font, 13)
    statement = (
        f"本证书由{issuer}颁发，表明持证人通过本机构组织的职业技能等级认定，"
        "具备该职业（工种）相应技能等级水平。"
    )
    for line in wrap_cached(statement, font, 13, width):
        c.drawString(60, y, line)
        y -= 20
    y -= 6
    c.setFont(font, 10)
    english = (
        "This is to certify that the bearer has demonstrated corresponding competency in "
        "this occupation(job) for successful completion of the occupational skill level "
        f"assessment organized by {issuer}."
    )
    for line in wrap_cached(english, font, 10, width):
        c.drawString(60, y, line)
        y -= 14
    c.setFont(font, 12)
    c.drawString(130, 178, issuer)
    _seal(c, font, seal_text or issuer, cx=HALF - 120, cy=190, r=48)
    c.endForm()
    return name


def _photo(c: pdfcanvas.Canvas, cert: Certificate, font: str) -> None:
    x, y = HALF + (HALF - PHOTO) / 2, PAGE_H - 60 - PHOTO
    if cert.person_id and cert.person.photo:
        try:
            image = ImageReader(io.BytesIO(photo_bytes(cert.person)))  # sealed at rest
            c.drawImage(image, x, y, PHOTO, PHOTO, preserveAspectRatio=True, anchor="c")
            return
        except Exception:  # a missing or broken file must not stop a whole batch
            log.warning("photo of certificate %s unreadable; printing the frame", cert.number)
    c.setFillColor(GREY)
    c.setFont(font, 9)
    c.drawCentredString(x + PHOTO / 2, y + PHOTO / 2 + 4, "1寸照片")
    c.drawCentredString(x + PHOTO / 2, y + PHOTO / 2 - 8, "Photo")


def _template_chars(c: pdfcanvas.Canvas, font: str) -> frozenset[int]:
    """Code points the template font already embeds in this document (the fixed text and
    all of ASCII): a value may print these in the template font at no cost to its subset."""
    return frozenset(pdfmetrics.getFont(font).state[c._doc].assignments)


def _draw_value(
    c: pdfcanvas.Canvas, x: float, y: float, text: str, size: float, template: frozenset[int]
) -> None:
    """A holder's value, each run of characters in the font that adds nothing per file.

    Characters the template already has stay in it (its subset, built once per issuer,
    does not change); only the rest, mostly the CJK of a name, go to the values font, so
    no glyph is embedded twice. Same Kai glyphs either way: the line looks the same.
    """
    fonts = (values_font_name(), font_name())
    t = c.beginText(x, y)
    run, in_template = "", None
    for ch in text:
        here = ord(ch) in template
        if run and here != in_template:
            t.setFont(fonts[in_template], size)
            t.textOut(run)
            run = ""
        run, in_template = run + ch, here
    if run:
        t.setFont(fonts[in_template], size)
        t.textOut(run)
    c.drawText(t)


def draw_certificate(
    c: pdfcanvas.Canvas, cert: Certificate, forms: dict, *, masked: bool = False
) -> None:
    """One certificate page; `forms` caches the XObject names already in this document.
    `masked`: the ID number as on screens, for readers whose task needs no full number."""
    font = font_name()
    if "static" not in forms:
        forms["static"] = _static_form(c, font)
    c.doForm(forms["static"])
    seal_text = cert.seal_text  # as at issue, not the institution's current seal
    key = ("issuer", cert.issuer_name, seal_text)
    if key not in forms:
        forms[key] = _issuer_form(c, font, cert.issuer_name, seal_text)
    c.doForm(forms[key])
    if "template_chars" not in forms:
        forms["template_chars"] = _template_chars(c, font)
    c.setFillColor(black)
    _draw_value(c, 130, 150, _date_zh(cert.issued_on), 12, forms["template_chars"])
    _photo(c, cert, font)
    values = (
        cert.holder_name,
        cert.id_type_label,
        # The certificate itself carries the full number (CERT-03); a reader's copy does not.
        cert.person.id_masked if masked else cert.person.id_number,
        cert.occupation_name,
        cert.job_type_name or "—",
        cert.level_label,
        cert.number,
    )
    c.setFillColor(black)
    for i, value in enumerate(values):
        _draw_value(c, VALUE_X, ROW_TOP - i * ROW_STEP - 2, value, 13, forms["template_chars"])
    if cert.status == Certificate.VOID:
        c.saveState()
        c.setFillColor(SEAL_RED)
        c.setFont(font, 40)
        c.translate(PAGE_W * 0.75, PAGE_H / 2)
        c.rotate(25)
        c.drawCentredString(0, 0, "已作废 VOID")
        if cert.voided_on:  # CERT-06: a voided certificate never prints as valid
            c.setFont(values_font_name(), 14)
            c.drawCentredString(0, -24, f"作废日期：{_date_zh(cert.voided_on)}")
        c.restoreState()
    draw_qr(c, verify_url(cert.number), PAGE_W - 48 - QR_SIZE, 50, QR_SIZE)


@contextmanager
def _binary_streams():
    """Save compressed streams without the ASCII85 layer ReportLab adds by default.

    ASCII85 is pure Python here and took a fifth of the batch time for a larger file. The
    switch is process-wide in ReportLab, so it is set only around `save` and put back.
    """
    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old


def render_certificates(
    certs: Iterable[Certificate],
    fileobj,
    *,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 50,
    masked: bool = False,
) -> int:
    """Write one PDF with one page per certificate; returns the number of pages.
    `masked` prints masked ID numbers (the copy for read-only roles, issue 16 item 15).

    `certs` should come with person and institution selected (selectors.certificates_for_pdf).
    `progress(pages_done)` is called every `progress_every` pages and at the end.
    """
    font = font_name()
    # The initial font too, or ReportLab lists Helvetica (not embedded) on every page.
    c = pdfcanvas.Canvas(
        fileobj,
        pagesize=(PAGE_W, PAGE_H),
        pageCompression=1,
        initialFontName=font,
        initialFontSize=12,
        lang="zh-CN",
    )
    c.setTitle("职业技能等级证书")
    c.setAuthor("skillcert")
    forms: dict = {}
    pages = 0
    for cert in certs:
        draw_certificate(c, cert, forms, masked=masked)
        c.showPage()
        pages += 1
        if progress and pages % progress_every == 0:
            progress(pages)
    if pages == 0:
        raise ValueError("no certificates to render")
    with _binary_streams():
        c.save()
    if progress:
        progress(pages)
    return pages
