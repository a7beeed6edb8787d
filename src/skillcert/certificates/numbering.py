"""Certificate numbers (CERT-01) and their serials (CERT-02).

`Y 0000 41 01 9001 22 1 000001`: category letter, institution code (4), province (2),
city (2), site sequence (4) — parts 1-5 are the authority's, the institution's
`cert_prefix` — then the issue year (2), the level (1) and a serial (6) the institution
assigns per institution, year and level.
"""

import re
from dataclasses import dataclass

from django.db import transaction

from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution

from .models import SerialCounter

SERIAL_MIN, SERIAL_MAX = 1, 999_999  # CERT-01 part 8: 000001-999999
PREFIX_RE = re.compile(r"^[A-Z][0-9]{12}$")  # CERT-01 parts 1-5
NUMBER_RE = re.compile(
    r"^(?P<category>[A-Z])(?P<org_code>[0-9]{4})(?P<province>[0-9]{2})(?P<city>[0-9]{2})"
    r"(?P<sequence>[0-9]{4})(?P<year>[0-9]{2})(?P<level>[1-5])(?P<serial>[0-9]{6})$"
)


@dataclass(frozen=True)
class CertNumber:
    category: str
    org_code: str
    province: str
    city: str
    sequence: str
    year: int  # two digits
    level: int
    serial: int

    @property
    def prefix(self) -> str:
        return f"{self.category}{self.org_code}{self.province}{self.city}{self.sequence}"

    def __str__(self) -> str:
        return format_number(
            prefix=self.prefix, year=self.year, level=self.level, serial=self.serial
        )


def format_number(*, prefix: str, year: int, level: int, serial: int) -> str:
    """CERT-01: the 22-character number; `year` may be given with 4 digits (2025 -> 25)."""
    if not PREFIX_RE.match(prefix or ""):
        raise DomainError(
            "cert_prefix",
            f"机构赋码“{prefix}”应为1位大写字母加12位数字（未备案？）",
            rule="CERT-01",
        )
    if level not in range(1, 6):
        raise DomainError("cert_level", f"职业技能等级代码应为1-5，不能为{level}", rule="CERT-01")
    if not SERIAL_MIN <= serial <= SERIAL_MAX:
        raise DomainError(
            "cert_serial", f"证书序列码应在000001-999999之间，不能为{serial}", rule="CERT-01"
        )
    if year < 0:
        raise DomainError("cert_year", f"核发年份{year}无效", rule="CERT-01")
    return f"{prefix}{year % 100:02d}{level}{serial:06d}"


def parse_number(text: str) -> CertNumber:
    """CERT-01: split a number into its 8 parts; DomainError if it is not one."""
    raw = (text or "").strip().upper()
    m = NUMBER_RE.match(raw)
    if not m or int(m["serial"]) < SERIAL_MIN:
        raise DomainError(
            "cert_number_format",
            "证书编号应为1位大写字母加21位数字（等级1-5，序列码000001起）",
            field="number",
            rule="CERT-01",
        )
    return CertNumber(
        m["category"],
        m["org_code"],
        m["province"],
        m["city"],
        m["sequence"],
        int(m["year"]),
        int(m["level"]),
        int(m["serial"]),
    )


def is_valid_number(text: str) -> bool:
    try:
        parse_number(text)
    except DomainError:
        return False
    return True


def serials_take(*, institution: Institution, year: int, level: int, count: int) -> range:
    """CERT-02: reserve `count` consecutive serials for this institution, year and level.

    Must run inside the issuing transaction: the counter row stays locked until it commits,
    so concurrent issues queue and take the next range; a rollback gives the range back, so
    nothing is skipped.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("serials must be taken inside the issuing transaction")
    if count < 1:
        raise DomainError("serial_count", "至少需要一个证书序列号", rule="CERT-02")
    yy = year % 100
    # Create the row if missing without a race: a concurrent insert of the same key waits
    # for the first and then does nothing, instead of failing on the unique constraint.
    SerialCounter.objects.bulk_create(
        [SerialCounter(institution=institution, year=yy, level=level)], ignore_conflicts=True
    )
    counter = SerialCounter.objects.select_for_update().get(
        institution=institution, year=yy, level=level
    )
    first, last = counter.last_serial + 1, counter.last_serial + count
    if last > SERIAL_MAX:
        left = SERIAL_MAX - counter.last_serial
        raise DomainError(
            "serial_overflow",
            f"{yy:02d}年{level}级证书序列号已用到{counter.last_serial:06d}，剩余{left}个，"
            f"不足本次核发的{count}本（上限999999）",
            rule="CERT-02",
        )
    counter.last_serial = last
    counter.save(update_fields=["last_serial"])
    return range(first, last + 1)
