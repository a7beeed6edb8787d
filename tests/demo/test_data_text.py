"""Issue 16 item 13: the demo roster writes formula-like names as text."""

from skillcert.demo import data
from tests.xlsx_text import assert_written_as_text


def test_demo_roster_writes_formula_like_names_as_text(monkeypatch):
    monkeypatch.setattr(data, "SURNAMES", "=")
    monkeypatch.setattr(data, "GIVEN", ["1"])
    assert_written_as_text(data.roster_xlsx(1), "=11")
