"""CERT-01 number format and parse; CERT-02 serials consecutive, per institution/year/level."""

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from skillcert.certificates.models import SerialCounter
from skillcert.certificates.numbering import (
    format_number,
    is_valid_number,
    parse_number,
    serials_take,
)
from skillcert.core.errors import DomainError
from tests import factories as f

from .conftest import issue


def test_cert01_sample_number_from_the_henan_manual():
    """CERT-01: Y 0000 41 01 9001 22 1 000001 is the manual's own example."""
    n = parse_number("Y000041019001221000001")
    assert (n.category, n.org_code, n.province, n.city, n.sequence) == (
        "Y",
        "0000",
        "41",
        "01",
        "9001",
    )
    assert (n.year, n.level, n.serial) == (22, 1, 1)
    assert n.prefix == "Y000041019001"
    assert format_number(prefix="Y000041019001", year=2022, level=1, serial=1) == str(n)


@given(
    letter=st.sampled_from("ABCYZ"),
    digits=st.text("0123456789", min_size=12, max_size=12),
    year=st.integers(2000, 2099),
    level=st.integers(1, 5),
    serial=st.integers(1, 999_999),
)
def test_cert01_format_parse_round_trip(letter, digits, year, level, serial):
    number = format_number(prefix=letter + digits, year=year, level=level, serial=serial)
    assert len(number) == 22 and number[0] == letter and number[1:].isdigit()
    parsed = parse_number(number)
    assert (parsed.prefix, parsed.year, parsed.level, parsed.serial) == (
        letter + digits,
        year % 100,
        level,
        serial,
    )


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "Y00004101900122100000",
        "Y0000410190012210000011",
        "1000041019001221000001",
        "Y000041019001226000001",
        "Y000041019001220000001",
        "Y000041019001221000000",
        "Y0000410190012210000O1",
        "YY00041019001221000001",
    ],
)
def test_cert01_malformed_numbers_rejected(bad):
    assert not is_valid_number(bad)
    with pytest.raises(DomainError) as e:
        parse_number(bad)
    assert e.value.rule == "CERT-01"


def test_cert01_parse_accepts_typed_lowercase_and_spaces():
    assert str(parse_number(" y000041019001221000001 ")) == "Y000041019001221000001"


@pytest.mark.parametrize(
    "kw",
    [
        {"prefix": "Y00004101900", "year": 2025, "level": 1, "serial": 1},
        {"prefix": "Y000041019001", "year": 2025, "level": 6, "serial": 1},
        {"prefix": "Y000041019001", "year": 2025, "level": 1, "serial": 0},
        {"prefix": "Y000041019001", "year": 2025, "level": 1, "serial": 1_000_000},
    ],
)
def test_cert01_format_refuses_out_of_range_parts(kw):
    with pytest.raises(DomainError):
        format_number(**kw)


def test_cert02_serials_are_consecutive_ranges(institution):
    with transaction.atomic():
        a = serials_take(institution=institution, year=2025, level=4, count=3)
        b = serials_take(institution=institution, year=2025, level=4, count=2)
    assert list(a) == [1, 2, 3] and list(b) == [4, 5]


def test_cert02_counters_are_per_institution_year_and_level(institution, other_institution):
    with transaction.atomic():
        serials_take(institution=institution, year=2025, level=4, count=5)
        assert list(serials_take(institution=institution, year=2025, level=3, count=1)) == [1]
        assert list(serials_take(institution=institution, year=2026, level=4, count=1)) == [1]
        assert list(serials_take(institution=other_institution, year=2025, level=4, count=1)) == [1]
        assert list(serials_take(institution=institution, year=2025, level=4, count=1)) == [6]


def test_cert02_rolled_back_issue_gives_its_serials_back(institution):
    """CERT-02: no silent skip — a failed transaction does not consume serials."""
    with pytest.raises(RuntimeError), transaction.atomic():
        serials_take(institution=institution, year=2025, level=4, count=10)
        raise RuntimeError("issue failed later")
    with transaction.atomic():
        assert list(serials_take(institution=institution, year=2025, level=4, count=1)) == [1]


def test_cert02_overflow_past_999999_is_a_clear_error(institution):
    with transaction.atomic():
        serials_take(institution=institution, year=2025, level=4, count=1)
        SerialCounter.objects.filter(institution=institution).update(last_serial=999_998)
        assert list(serials_take(institution=institution, year=2025, level=4, count=1)) == [999_999]
        with pytest.raises(DomainError) as e:
            serials_take(institution=institution, year=2025, level=4, count=1)
    assert e.value.code == "serial_overflow" and e.value.rule == "CERT-02"
    assert "999999" in e.value.message


def test_cert01_cert02_issued_numbers_carry_prefix_year_level_and_run_on(institution):
    """Two registers of one institution, year and level continue one sequence."""
    first = issue(f.sitting(institution, level=4), 3)
    second = issue(f.sitting(institution, level=4), 2)
    numbers = [c.number for c in first + second]
    assert numbers[0] == f"{institution.cert_prefix}254000001"
    assert [parse_number(n).serial for n in numbers] == [1, 2, 3, 4, 5]
    other_level = issue(f.sitting(institution, level=3), 1)
    assert other_level[0].number == f"{institution.cert_prefix}253000001"
