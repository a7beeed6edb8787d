import pytest

from skillcert.catalog.models import parse_level, parse_levels


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("4、3、2、1", "4321"),
        ("5.4.3.2.1", "54321"),
        ("四级、三级", "43"),
        ("五级/初级工", "5"),
        ("高级技师、技师", "21"),
        ("1234", "4321"),
    ],
)
def test_levels_as_offices_write_them_LEVEL_01(text, digits):
    assert parse_levels(text) == digits


@pytest.mark.parametrize("text", ["", "6", "六级", "特级"])
def test_unknown_levels_are_refused_LEVEL_01(text):
    with pytest.raises(ValueError):
        parse_levels(text)


@pytest.mark.parametrize(
    ("text", "level"),
    [("3", 3), ("三级", 3), ("三级/高级工", 3), ("高级工", 3), ("高级技师", 1), ("技师", 2)],
)
def test_one_level_LEVEL_01(text, level):
    assert parse_level(text) == level


def test_one_level_refuses_two():
    with pytest.raises(ValueError):
        parse_level("四级、三级")
