"""Issue 16 item 1: an item bank .xlsx too large to read is refused; the process stays up."""

import pytest

from skillcert.itembank.item_import import COLUMNS, items_import
from skillcert.itembank.models import Item
from tests.sheet_bombs import KILL, SLOW, bomb, bounded


@pytest.mark.parametrize("far", [KILL, SLOW])
def test_an_oversized_item_sheet_is_refused_and_stores_nothing(institution, staff, far):
    data = bomb(COLUMNS, ["6-18-01-01", "", "三级", "单选", "题干"], far=far)
    outcome = bounded(
        lambda: items_import(actor=staff, institution=institution, data=data, filename="i.xlsx")
    )
    assert outcome[:3] == ("raised", "DomainError", "sheet_too_large")
    assert "表格超过60000行" in outcome[3]
    assert not Item.objects.exists()
