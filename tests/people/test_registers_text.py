"""Issue 16 item 13: the examiner register template writes formula-like text as text."""

from skillcert.people import registers
from tests.xlsx_text import EVIL, assert_written_as_text


def test_examiner_template_writes_formula_like_text_as_text(monkeypatch):
    monkeypatch.setattr(registers, "_EXAMPLE", [EVIL, *registers._EXAMPLE[1:]])
    assert_written_as_text(registers.examiner_template_xlsx(), EVIL)
