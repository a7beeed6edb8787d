"""Issue 16 item 6: one normaliser in core for input as people type it (PEOPLE-01)."""

from skillcert.core.crypto import id_hash
from skillcert.core.idnumbers import parse_id
from skillcert.core.normalize import normalize_id, normalize_phone, normalize_text
from tests import factories as f


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def id_with_x() -> str:
    """A valid resident ID whose check character is X."""
    return next(n for n in (f.resident_id(seq=s) for s in range(1000)) if n.endswith("X"))


def test_full_width_digits_spaces_and_a_lower_case_x_parse_as_the_stored_number():
    """Issue 16 item 6 (PEOPLE-01): ＩＤ typed with an IME parses to the ASCII number."""
    number = id_with_x()
    typed = "\u3000" + full_width(number[:-1]) + "x "
    parsed = parse_id("resident", typed)
    assert parsed.number == number
    assert id_hash("resident", typed) == id_hash("resident", number)


def test_text_keeps_chinese_punctuation_but_not_full_width_digits():
    assert normalize_text("\u3000张三１２ ") == "张三12"
    assert normalize_text("下列说法，（正确）的是：") == "下列说法，（正确）的是："
    assert normalize_id(" 4101 02ｘ ") == "410102X"


def test_a_phone_stored_by_excel_as_a_float_loses_its_point_zero():
    assert normalize_phone("13800138000.0") == "13800138000"
    assert normalize_phone(" １３８００１３８０００ ") == "13800138000"
    assert normalize_phone("0371-60000000") == "0371-60000000"
