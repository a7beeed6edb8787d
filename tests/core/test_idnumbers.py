"""PEOPLE-01 resident and other ID documents; INST-01 unified social credit codes (GB 32100)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillcert.core.errors import DomainError
from skillcert.core.idnumbers import (
    credit_check_char,
    division_codes,
    parse_id,
    resident_check_digit,
    validate_credit_code,
)
from tests import factories as f

TODAY = date(2025, 6, 1)


def resident(region: str, birth: str, seq: str = "123") -> str:
    body = f"{region}{birth}{seq}"
    return body + resident_check_digit(body)


def error_of(id_type: str, number: str) -> DomainError:
    with pytest.raises(DomainError) as exc:
        parse_id(id_type, number, today=TODAY)
    return exc.value


def test_people_01_valid_resident_id_gives_birth_date_and_sex():
    parsed = parse_id("resident", resident("410102", "20040512", "123"), today=TODAY)
    assert parsed.birth_date == date(2004, 5, 12)
    assert parsed.sex == "M"  # the 17th digit (3) is odd: male
    assert parse_id("resident", resident("410102", "20040512", "124"), today=TODAY).sex == "F"


def test_people_01_check_digit_x_in_lower_case_is_normalised():
    seq = next(s for s in range(1000) if resident_check_digit(f"41010220040512{s:03d}") == "X")
    number = f"41010220040512{seq:03d}x"
    assert parse_id("resident", number, today=TODAY).number == number.upper()


def test_people_01_wrong_check_digit_names_the_expected_one():
    good = resident("410102", "20040512")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    err = error_of("resident", wrong)
    assert err.code == "id_checksum"
    assert f"应为{good[17]}" in err.message


@pytest.mark.parametrize("number, length", [("41010220040512123", 17), ("4101022004051212345", 19)])
def test_people_01_length_is_reported(number, length):
    err = error_of("resident", number)
    assert (err.code, err.field) == ("id_length", "id_number")
    assert f"实为{length}位" in err.message


def test_people_01_letters_inside_the_number_are_rejected():
    assert error_of("resident", "4101022004051A123X").code == "id_chars"


def test_people_01_29_february_only_in_a_leap_year():
    assert parse_id("resident", resident("410102", "20000229"), today=TODAY).birth_date == date(
        2000, 2, 29
    )
    err = error_of("resident", resident("410102", "20010229"))
    assert err.code == "id_birth" and "20010229" in err.message


@pytest.mark.parametrize("birth", ["20300101", "18991231", "20041301"])
def test_people_01_birth_date_in_future_or_too_old_or_impossible(birth):
    err = error_of("resident", resident("410102", birth))
    assert err.code == "id_birth" and birth in err.message


def test_people_01_abolished_region_code_is_accepted():
    """110103 崇文区 was abolished in 2010; IDs issued there stay valid (GB/T 2260 table)."""
    assert "110103" in division_codes()
    assert parse_id("resident", resident("110103", "19800101"), today=TODAY).number


def test_people_01_unknown_region_code_is_rejected_with_the_code():
    err = error_of("resident", resident("999999", "19800101"))
    assert err.code == "id_region" and "999999" in err.message


def test_people_01_residence_permit_must_start_81_82_83():
    assert parse_id("residence_permit", resident("810000", "19900101"), today=TODAY).birth_date
    err = error_of("residence_permit", resident("410102", "19900101"))
    assert err.code == "id_region" and "81、82或83" in err.message


@pytest.mark.parametrize(
    "id_type, number",
    [
        ("passport", "E12345678"),
        ("passport", "g1234567"),
        ("hk_macao", "H12345678"),
        ("hk_macao", "M1234567801"),
        ("taiwan", "12345678"),
    ],
)
def test_people_01_other_id_types_are_typed_documents(id_type, number):
    assert parse_id(id_type, number, today=TODAY).number == number.upper()


@pytest.mark.parametrize(
    "id_type, number, label",
    [
        ("passport", "E12", "护照"),
        ("hk_macao", "X12345678", "港澳居民来往内地通行证"),
        ("taiwan", "1234567", "台湾居民来往大陆通行证"),
    ],
)
def test_people_01_other_id_types_report_their_own_format(id_type, number, label):
    err = error_of(id_type, number)
    assert err.code == "id_format" and label in err.message


def test_people_01_unknown_type_and_empty_number():
    assert error_of("driving_licence", "123").code == "id_type_unknown"
    assert error_of("resident", "  ").code == "id_missing"


REGIONS = sorted(c for c in division_codes() if not c.endswith("0000"))


@settings(max_examples=300, deadline=None)
@given(
    region=st.sampled_from(REGIONS),
    birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    seq=st.integers(0, 999),
    position=st.integers(0, 16),
    delta=st.integers(1, 9),
)
def test_people_01_property_valid_numbers_pass_and_any_digit_change_fails(
    region, birth, seq, position, delta
):
    """Any generated valid number passes; changing any one of the first 17 digits breaks the
    GB 11643 check digit (the weights are non-zero mod 11, so no single change survives)."""
    number = resident(region, birth.strftime("%Y%m%d"), f"{seq:03d}")
    assert parse_id("resident", number, today=TODAY).birth_date == birth
    changed = str((int(number[position]) + delta) % 10)
    broken = number[:position] + changed + number[position + 1 :]
    assert error_of("resident", broken).code == "id_checksum"


# ---------------------------------------------------------------- INST-01 credit codes


def test_inst_01_valid_credit_codes_are_normalised():
    assert validate_credit_code(f.credit_code(7)) == f.credit_code(7)
    body = "91350100M000100Y4"
    code = body + credit_check_char(body)
    assert validate_credit_code(f"  {code.lower()} ") == code


@pytest.mark.parametrize("bad", ["I", "O", "Z", "S", "V"])
def test_inst_01_credit_code_letters_outside_gb32100_are_named(bad):
    code = f.credit_code(7)
    err = _credit_error(code[:10] + bad + code[11:])
    assert err.code == "credit_chars" and bad in err.message


@pytest.mark.parametrize("code, length", [("1241010000000000", 16), ("12410100000000000012", 20)])
def test_inst_01_credit_code_length(code, length):
    err = _credit_error(code)
    assert err.code == "credit_length" and f"实为{length}位" in err.message


def test_inst_01_credit_code_region_must_be_digits():
    body = "12A10100000000007"
    assert _credit_error(body + credit_check_char(body)).code == "credit_region"


def test_inst_01_credit_code_wrong_check_char_names_the_expected_one():
    good = f.credit_code(7)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    err = _credit_error(wrong)
    assert err.code == "credit_checksum" and f"应为{good[17]}" in err.message


def _credit_error(code: str) -> DomainError:
    with pytest.raises(DomainError) as exc:
        validate_credit_code(code)
    assert exc.value.field == "credit_code"
    return exc.value
