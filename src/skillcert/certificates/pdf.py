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

import hashlib
import io
import logging
from collections.abc import Callable, Iterable
from datetime import date

import segno
from django.conf import settings
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as pdfcanvas

from skillcert.core.pdf import (
    GREY,
    SEAL_RED,
    binary_streams,
    font_name,
    seal,
    values_font_name,
    wrap_cached,
)
from skillcert.people.photos import photo_bytes

from .models import Certificate
from .verification import verify_url

log = logging.getLogger(__name__)

# The national sample prints the national lookup sites; the institution's own page follows.
DEFAULT_NATIONAL_ADDRESSES = (
    ("证书信息查询网址（Certificate Information）：", "http://jndj.osta.org.cn/"),
    ("机构信息查询网址（Assessment Information）：", "http://pjig.osta.org.cn/"),
)

PAGE_W, PAGE_H = landscape(A4)
HALF = PAGE_W / 2
GOLD = Color(0.62, 0.45, 0.16)
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


def _date_zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


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
    seal(c, font, seal_text or issuer, cx=HALF - 120, cy=190, r=48)
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
    with binary_streams():
        c.save()
    if progress:
        progress(pages)
    return pages
