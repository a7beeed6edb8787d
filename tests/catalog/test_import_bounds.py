"""Issue 16 item 1: an occupation catalogue .xlsx too large to read is refused, process up."""

import pytest

from skillcert.catalog.services import read_table
from skillcert.core.errors import DomainError
from tests.sheet_bombs import KILL, SLOW, bomb, bounded


@pytest.mark.parametrize("far", [KILL, SLOW])
def test_an_oversized_catalogue_sheet_is_refused(tmp_path, far):
    path = tmp_path / "occ.xlsx"
    path.write_bytes(bomb(["level", "code", "name"], ["4", "6-18-01-01", "车工"], far=far))
    outcome = bounded(lambda: read_table(path))
    assert outcome[:3] == ("raised", "DomainError", "sheet_too_large")
    assert "表格超过60000行" in outcome[3]


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_formats_without_a_bounded_reader_are_refused(tmp_path, suffix):
    """Issue 16 item 1: .xls/.ods cannot be size-checked before calamine reads them."""
    path = tmp_path / f"occ{suffix}"
    path.write_bytes(b"anything")
    with pytest.raises(DomainError, match=r"请使用 \.csv 或 \.xlsx"):
        read_table(path)


def test_a_csv_beyond_the_caps_gets_the_same_answer(tmp_path, settings):
    """Issue 16 item 1: the catalogue's .csv path applies the same row and column caps."""
    settings.SKILLCERT_RULES = {"sheet_max_rows": 2, "sheet_max_columns": 3}
    path = tmp_path / "occ.csv"
    path.write_text("level,code,name\n4,6-18-01-01,车工\n4,6-18-01-02,铣工\n", encoding="utf-8")
    with pytest.raises(DomainError, match="表格超过2行"):
        read_table(path)
    path.write_text("level,code,name,x\n", encoding="utf-8")
    with pytest.raises(DomainError, match="表格超过3列"):
        read_table(path)
