"""Issue 16 item 1: an examiner register .xlsx too large to read is refused, process up."""

import pytest

from skillcert.people.models import Examiner
from skillcert.people.registers import COLUMNS, examiners_import
from tests.sheet_bombs import KILL, SLOW, bomb, bounded


@pytest.mark.parametrize("far", [KILL, SLOW])
def test_an_oversized_examiner_sheet_is_refused_and_stores_nothing(institution, far):
    data = bomb(COLUMNS, ["张三"], far=far)
    outcome = bounded(lambda: examiners_import(actor=None, institution=institution, data=data))
    assert outcome[:3] == ("raised", "DomainError", "sheet_too_large")
    assert "表格超过60000行" in outcome[3]
    assert not Examiner.objects.exists()
