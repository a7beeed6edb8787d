"""The certificate page of certificates/pdf.py as HTML/CSS, for the HTML-to-PDF comparison
(WeasyPrint, what many Django projects use for certificates).

Same page (A4 landscape), same data from the same Certificate rows, same text (title,
statement in Chinese and English, issuer, date, the seven bilingual rows, addresses, the
QR caption), the same Kai font embedded through @font-face (ukai.ttc), the QR code as a
vector SVG from segno with the same error level, mask and quiet zone, and the seal as an SVG
(ring, star, the name along the arc). Positions follow pdf.py's coordinates (points from
the bottom-left there, from the top-left here). The photo frame and its caption are drawn as
in pdf.py for a holder without a photo, which is what the bench's candidates are.
"""

import math
from html import escape

import segno
from django.conf import settings

from skillcert.certificates.pdf import (
    DEFAULT_FONT_PATH,
    DEFAULT_NATIONAL_ADDRESSES,
    HALF,
    HOLDER_LABELS,
    PAGE_H,
    PAGE_W,
    PHOTO,
    QR_MASK,
    QR_QUIET,
    QR_SIZE,
    ROW_STEP,
    ROW_TOP,
    VALUE_X,
    _date_zh,
)
from skillcert.certificates.verification import verify_url

GOLD, GREY, RED = "rgb(158,115,41)", "rgb(115,115,115)", "rgb(204,18,18)"


def _css() -> str:
    font = getattr(settings, "CERTIFICATE_FONT_PATH", DEFAULT_FONT_PATH)
    return f"""
@font-face {{ font-family: Kai; src: url("file://{font}"); }}
@page {{ size: {PAGE_W:.2f}pt {PAGE_H:.2f}pt; margin: 0; }}
html, body {{ margin: 0; font-family: Kai; color: black; }}
.page {{ position: relative; width: {PAGE_W:.2f}pt; height: {PAGE_H:.2f}pt;
  page-break-after: always; overflow: hidden; }}
.page:last-child {{ page-break-after: auto; }}
.a {{ position: absolute; line-height: 1; white-space: nowrap; }}
.frame {{ position: absolute; border: 2pt solid {GOLD}; }}
.inner {{ position: absolute; border: 0.6pt solid {GOLD}; }}
.fold {{ position: absolute; border-left: 0.6pt dashed {GOLD}; }}
.grey {{ color: {GREY}; }}
.rule {{ position: absolute; border-top: 0.5pt solid {GREY}; height: 0; }}
.photo {{ position: absolute; border: 0.5pt solid {GREY}; color: {GREY}; font-size: 9pt;
  text-align: center; line-height: 1.3; box-sizing: border-box; padding-top: 30pt; }}
.wrap {{ position: absolute; white-space: normal; }}
.seal, .qr {{ position: absolute; }}
"""


def _at(x: float, baseline: float, size: float, text: str, cls: str = "a", align="") -> str:
    """Text whose baseline is at (x, baseline) in pdf.py's bottom-left coordinates."""
    top = PAGE_H - baseline - size * 0.86
    style = f"top:{top:.1f}pt;font-size:{size}pt;"
    if align == "center":  # x is the centre
        style += f"left:{x - 200:.1f}pt;width:400pt;text-align:center;"
    else:
        style += f"left:{x:.1f}pt;"
    return f'<div class="{cls}" style="{style}">{escape(text)}</div>'


def _qr_svg(data: str) -> str:
    qr = segno.make(data, error="m", micro=False, mask=QR_MASK)
    svg = qr.svg_inline(scale=1, border=QR_QUIET, omitsize=True)
    top = PAGE_H - 50 - QR_SIZE
    return (
        f'<div class="qr" style="left:{PAGE_W - 48 - QR_SIZE:.1f}pt;top:{top:.1f}pt;'
        f'width:{QR_SIZE}pt;height:{QR_SIZE}pt">'
        + svg.replace("<svg ", f'<svg width="{QR_SIZE}pt" height="{QR_SIZE}pt" ', 1)
        + "</div>"
    )


def _seal_svg(text: str, cx: float, cy: float, r: float) -> str:
    """pdf.py's _seal: ring, five-pointed star, the name along the upper arc, the caption."""
    d = r + 4
    star = []
    for k in range(10):
        radius = r * (0.28 if k % 2 == 0 else 0.11)
        angle = math.pi / 2 + k * math.pi / 5
        star.append(f"{d + radius * math.cos(angle):.2f},{d - radius * math.sin(angle):.2f}")
    chars = list(text)[:24]
    size = max(7.0, min(11.0, 2 * math.pi * r * 0.62 / max(len(chars), 1)))
    span = min(250.0, 18.0 * len(chars) * size / 10)
    glyphs = []
    for i, ch in enumerate(chars):
        angle = span / 2 - (span * i / (len(chars) - 1) if len(chars) > 1 else 0)
        glyphs.append(
            f'<text x="{d:.2f}" y="{d - (r - size - 3):.2f}" font-size="{size:.2f}" '
            f'text-anchor="middle" transform="rotate({-angle:.2f} {d:.2f} {d:.2f})">'
            f"{escape(ch)}</text>"
        )
    return (
        f'<div class="seal" style="left:{cx - d:.1f}pt;top:{PAGE_H - cy - d:.1f}pt">'
        f'<svg width="{2 * d:.1f}pt" height="{2 * d:.1f}pt" viewBox="0 0 {2 * d:.1f} {2 * d:.1f}"'
        f' font-family="Kai" fill="{RED}">'
        f'<circle cx="{d:.2f}" cy="{d:.2f}" r="{r}" fill="none" stroke="{RED}" '
        f'stroke-width="2.2"/><polygon points="{" ".join(star)}"/>{"".join(glyphs)}'
        f'<text x="{d:.2f}" y="{d + r * 0.55:.2f}" font-size="7" text-anchor="middle">'
        "职业技能等级认定专用章</text></svg></div>"
    )


def _page(cert, addresses) -> str:
    out = [
        f'<div class="frame" style="left:18pt;top:18pt;width:{PAGE_W - 40:.1f}pt;'
        f'height:{PAGE_H - 40:.1f}pt"></div>',
        f'<div class="inner" style="left:24pt;top:24pt;width:{PAGE_W - 49:.1f}pt;'
        f'height:{PAGE_H - 49:.1f}pt"></div>',
        f'<div class="fold" style="left:{HALF:.1f}pt;top:36pt;height:{PAGE_H - 72:.1f}pt"></div>',
        _at(HALF / 2, PAGE_H - 110, 30, "职业技能等级证书", align="center"),
        _at(HALF / 2, PAGE_H - 134, 14, "Certificate of Occupational Skill Level", align="center"),
    ]
    y = 92
    for label, url in addresses:
        out.append(_at(48, y, 8.5, label + url))
        y -= 14
    issuer = cert.issuer_name
    statement = (
        f"本证书由{issuer}颁发，表明持证人通过本机构组织的职业技能等级认定，"
        "具备该职业（工种）相应技能等级水平。"
    )
    english = (
        "This is to certify that the bearer has demonstrated corresponding competency in "
        "this occupation(job) for successful completion of the occupational skill level "
        f"assessment organized by {issuer}."
    )
    out.append(
        f'<div class="wrap" style="left:60pt;top:{180 - 13 * 0.86:.1f}pt;width:{HALF - 120:.1f}pt">'
        f'<div style="font-size:13pt;line-height:20pt">{escape(statement)}</div>'
        f'<div style="font-size:10pt;line-height:14pt;margin-top:6pt">{escape(english)}</div>'
        "</div>"
    )
    out += [
        _at(60, 178, 12, "发证机构："),
        _at(60, 150, 12, "发证日期："),
        _at(60, 166, 9, "Issued by", "a grey"),
        _at(60, 138, 9, "Date of Issue", "a grey"),
        _at(130, 178, 12, issuer),
        _at(130, 150, 12, _date_zh(cert.issued_on)),
        _seal_svg(cert.seal_text or issuer, HALF - 120, 190, 48),
        f'<div class="photo" style="left:{HALF + (HALF - PHOTO) / 2:.1f}pt;top:60pt;'
        f'width:{PHOTO:.1f}pt;height:{PHOTO:.1f}pt">1寸照片<br>Photo</div>',
    ]
    values = (
        cert.holder_name,
        cert.id_type_label,
        cert.person.id_number,
        cert.occupation_name,
        cert.job_type_name or "—",
        cert.level_label,
        cert.number,
    )
    for i, ((zh, en), value) in enumerate(zip(HOLDER_LABELS, values, strict=True)):
        y = ROW_TOP - i * ROW_STEP
        out += [
            _at(HALF + 40, y, 12, f"{zh}："),
            _at(HALF + 40, y - 12, 9, en, "a grey"),
            f'<div class="rule" style="left:{VALUE_X - 4:.1f}pt;top:{PAGE_H - y + 4:.1f}pt;'
            f'width:{PAGE_W - 48 - VALUE_X + 4:.1f}pt"></div>',
            _at(VALUE_X, y - 2, 13, value),
        ]
    out.append(_at(PAGE_W - 48 - QR_SIZE / 2, 40, 8, "扫码查验 Scan to verify", "a grey", "center"))
    out.append(_qr_svg(verify_url(cert.number)))
    return '<div class="page">' + "".join(out) + "</div>"


def certificates_html(certs) -> str:
    """One HTML document, a page per certificate (the batch PDF's counterpart)."""
    addresses = list(
        getattr(settings, "CERTIFICATE_NATIONAL_ADDRESSES", DEFAULT_NATIONAL_ADDRESSES)
    )
    addresses.append(("本机构证书查询（Online Verification）：", f"{settings.SITE_URL}/verify/"))
    pages = "".join(_page(cert, addresses) for cert in certs)
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>职业技能等级证书</title><style>{_css()}</style></head>"
        f"<body>{pages}</body></html>"
    )


def render_html_pdf(certs, fileobj) -> int:
    """HTML -> PDF with WeasyPrint, the whole step timed by the bench (template + layout)."""
    from weasyprint import HTML

    certs = list(certs)
    HTML(string=certificates_html(certs)).write_pdf(fileobj)
    return len(certs)
