"""PDF helpers every document of the project shares (certificates, exam-room documents,
item-bank papers): the Kai font registered once per process and embedded as a subset, line
wrapping for Chinese text, the institution's seal drawn as vectors, and binary streams.

Speed: a ZIP job of the certificates app writes one PDF per certificate, so the font is
subset thousands of times; see `_KaiFace`.
"""

import copy
import math
import zlib
from contextlib import contextmanager
from functools import cache, lru_cache

from django.conf import settings
from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFName
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace
from reportlab.pdfgen import canvas as pdfcanvas

FONT_NAME = "SkillcertKai"
VALUES_FONT_NAME = "SkillcertKaiValues"
# 楷体 per the sample (Debian fonts-arphic-ukai); settings may point elsewhere.
DEFAULT_FONT_PATH = "/usr/share/fonts/truetype/arphic/ukai.ttc"
SEAL_RED = Color(0.80, 0.07, 0.07)
GREY = Color(0.45, 0.45, 0.45)
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


def seal(c: pdfcanvas.Canvas, font: str, text: str, cx: float, cy: float, r: float) -> None:
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


@contextmanager
def binary_streams():
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
