"""Issue 16 item 13: the roster template and error file write formula-like text as text."""

from skillcert.plans.roster import format as roster_format
from tests.xlsx_text import EVIL, EVILS, assert_written_as_text


def test_roster_error_file_writes_formula_like_cells_as_text():
    cells = [EVIL, "", "-1", "@SUM(1+1)"] + [""] * (len(roster_format.COLUMNS) - 4)
    data = roster_format.errors_xlsx([(cells, "+1+1 不合格")])
    assert_written_as_text(data, EVIL, "-1", "@SUM(1+1)", "+1+1 不合格")


def test_roster_template_writes_formula_like_text_as_text(monkeypatch):
    example = [*EVILS, *roster_format._EXAMPLE[4:]]
    monkeypatch.setattr(roster_format, "_EXAMPLE", example)
    assert_written_as_text(roster_format.roster_template_xlsx(), EVIL, "+1+cmd|' /C calc'!A0")
