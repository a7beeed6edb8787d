"""Identity documents (PEOPLE-01) and unified social credit codes (INST-01, GB 32100)."""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from operator import mul

from .errors import DomainError
from .normalize import normalize_id

RESIDENT_ID = "resident"
ID_TYPES = [
    (RESIDENT_ID, "居民身份证"),
    ("passport", "护照"),
    ("hk_macao", "港澳居民来往内地通行证"),
    ("taiwan", "台湾居民来往大陆通行证"),
    ("residence_permit", "港澳台居民居住证"),
]
ID_TYPE_LABELS = dict(ID_TYPES)
ID_TYPE_BY_LABEL = {label: code for code, label in ID_TYPES}

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_DIGIT_BIAS = ord("0") * sum(_WEIGHTS)  # the weighted sum of the ASCII codes is off by this
_OTHER_ID = {
    "passport": re.compile(r"^[A-Z0-9]{5,17}$"),
    "hk_macao": re.compile(r"^[HM][0-9]{8}([0-9]{2})?$"),
    "taiwan": re.compile(r"^[0-9]{8}([0-9]{2})?$"),
}


@dataclass(frozen=True)
class ParsedId:
    id_type: str
    number: str
    birth_date: date | None = None
    sex: str = ""  # "M" / "F" for 18-digit numbers


@cache
def division_codes() -> frozenset[str]:
    """Every GB/T 2260 code ever in force 1980-2019 (old IDs keep abolished codes)."""
    text = resources.files("skillcert.core").joinpath("data/gb2260-divisions.tsv").read_text()
    return frozenset(line.split("\t", 1)[0] for line in text.splitlines()[1:] if line)


def resident_check_digit(first17: str) -> str:
    if len(first17) == 17 and first17.isascii() and first17.isdigit():
        # The ASCII codes in one C-level pass (a quarter of the per-digit int() loop's cost,
        # which was a tenth of the 50,000-row roster import); the bias removes ord("0").
        return _CHECK[(sum(map(mul, _WEIGHTS, first17.encode())) - _DIGIT_BIAS) % 11]
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def parse_id(id_type: str, raw: str, *, today: date | None = None) -> ParsedId:
    """Validate an ID document number; raise DomainError with the specific reason."""
    number = normalize_id(raw)  # full-width digits, spaces, a lower-case x (issue 16)
    if id_type not in ID_TYPE_LABELS:
        raise DomainError("id_type_unknown", f"证件类型“{id_type}”无效", field="id_type")
    if not number:
        raise DomainError("id_missing", "证件号码不能为空", field="id_number")
    if id_type in (RESIDENT_ID, "residence_permit"):
        return _parse_resident(id_type, number, today or date.today())
    if not _OTHER_ID[id_type].match(number):
        label = ID_TYPE_LABELS[id_type]
        raise DomainError("id_format", f"{label}号码“{number}”格式不正确", field="id_number")
    return ParsedId(id_type, number)


def _parse_resident(id_type: str, number: str, today: date) -> ParsedId:
    if len(number) != 18:
        raise DomainError(
            "id_length", f"身份证号码应为18位，实为{len(number)}位", field="id_number"
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise DomainError("id_chars", "身份证号码前17位应为数字，末位为数字或X", field="id_number")
    expected = resident_check_digit(number[:17])
    if number[17] != expected:
        raise DomainError(
            "id_checksum", f"身份证号码校验位错误（应为{expected}）", field="id_number"
        )
    permit = id_type == "residence_permit"
    if permit and number[:2] not in ("81", "82", "83"):
        raise DomainError("id_region", "港澳台居民居住证号码应以81、82或83开头", field="id_number")
    if not permit and number[:6] not in division_codes():
        raise DomainError(
            "id_region", f"身份证号码地址码{number[:6]}不是有效的行政区划代码", field="id_number"
        )
    birth = _birth_date(number[6:14])
    if birth is None or birth.year < 1900 or birth > today:
        raise DomainError(
            "id_birth", f"身份证号码中的出生日期{number[6:14]}无效", field="id_number"
        )
    return ParsedId(id_type, number, birth, "M" if int(number[16]) % 2 else "F")


@lru_cache(maxsize=1 << 16)
def _birth_date(yyyymmdd: str) -> date | None:
    # A roster's students share a few hundred birth dates: each is parsed once.
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


# GB 32100-2015: 18 characters from 31 symbols (no I, O, Z, S, V), weighted check digit.
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_check_char(first17: str) -> str:
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def validate_credit_code(raw: str) -> str:
    """INST-01: the unified social credit code, checksummed; returns it normalised."""
    code = (raw or "").strip().upper()
    if len(code) != 18:
        raise DomainError(
            "credit_length", f"统一社会信用代码应为18位，实为{len(code)}位", field="credit_code"
        )
    bad = sorted({c for c in code if c not in _CREDIT_CHARS})
    if bad:
        raise DomainError(
            "credit_chars", f"统一社会信用代码含无效字符：{''.join(bad)}", field="credit_code"
        )
    if not code[2:8].isdigit():
        raise DomainError(
            "credit_region", "统一社会信用代码第3-8位应为行政区划代码", field="credit_code"
        )
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        raise DomainError(
            "credit_checksum", f"统一社会信用代码校验位错误（应为{expected}）", field="credit_code"
        )
    return code
