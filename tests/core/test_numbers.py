"""Issue 16 item 20: decimals as people write them, wherever a score or point value is shown."""

from decimal import Decimal

import pytest

from skillcert.core.numbers import decimal_text
from skillcert.itembank.services import blueprint_create
from tests import factories as f


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("10"), "10"),
        (Decimal("1E+1"), "10"),
        (Decimal("10").normalize(), "10"),
        (Decimal("2.50"), "2.5"),
        (Decimal("0.50"), "0.5"),
        (Decimal("100.00"), "100"),
        ("3", "3"),
        (Decimal("0.00"), "0"),
    ],
)
def test_decimal_text_writes_plain_numbers(value, text):
    assert decimal_text(value) == text


def test_blueprint_stores_ten_points_as_10_not_1E1(institution):
    bp = blueprint_create(
        actor=None,
        institution=institution,
        name="车工四级理论",
        occupation=f.occupation(),
        job_type=None,
        level=4,
        sections={"single": {"count": 10, "points": "10.0"}},
        difficulty_mix={},
        difficulty_tolerance=Decimal("0.1"),
        knowledge_points={},
    )
    assert bp.sections["single"]["points"] == "10"
