"""Input as people type it, made canonical once: for every import (through core.sheets) and form.

- full-width digits and Latin letters (１２３ＡＢＣ, typed with a Chinese IME) become ASCII,
  as NFKC maps them; other full-width characters (，（）：) stay, since Chinese text such as a
  question stem uses them on purpose and NFKC would turn them into ASCII punctuation;
- surrounding spaces go, including the ideographic space, no-break and zero-width spaces;
- ID numbers lose inner spaces and get an upper-case check character X (PEOPLE-01);
- a phone number Excel stored as a float (13800138000.0) loses its '.0'.
"""

import re

# U+FF10-FF19 digits, U+FF21-FF3A and U+FF41-FF5A letters: NFKC maps each to ASCII - 0xFEE0.
_FULL_WIDTH = {
    cp: cp - 0xFEE0
    for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for cp in range(lo, hi + 1)
}
_SPACES = " \t\r\n\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff"
SPACES = _SPACES  # what normalize_text strips, for readers that inline its ASCII case
_FLOAT_PHONE = re.compile(r"^(\d+)\.0+$")
_HAS_FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


# The fast paths below return what the full path would for the common input (ASCII: no
# full-width character to map; digits and letters only: no space to drop). A roster import
# normalises 500,000 cells, then each ID and phone again where it is checked and stored.


def normalize_text(value: str) -> str:
    """Full-width digits/letters to ASCII, surrounding spaces removed."""
    if value.isascii() or not _HAS_FULL_WIDTH.search(value):  # a search costs 1/5 of a map
        return value.strip(_SPACES)
    return value.translate(_FULL_WIDTH).strip(_SPACES)


def normalize_id(value: str) -> str:
    """An ID document number as stored: no spaces anywhere, letters upper-case (x -> X)."""
    if value and value.isascii() and value.isalnum():
        return value.upper()
    text = normalize_text(value or "")
    return "".join(text.split()).replace("\u3000", "").upper()


def normalize_phone(value: str) -> str:
    """A phone number as stored: '13800138000.0' (Excel float) -> '13800138000', no spaces."""
    if not value or (value.isascii() and value.isdigit()):
        return value or ""
    text = "".join(normalize_text(value).split())
    match = _FLOAT_PHONE.match(text)
    return match[1] if match else text
