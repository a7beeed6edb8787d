"""Admission ticket numbers (准考证号), one coding rule for every sitting (ARR-02, 002 §25).

A ticket number is 15 digits in 5 parts:

    YY   SSSS  BBBB  RRR  NN
    26   9001  0042  007  15

- YY   year of the sitting (the theory date, else the practical date, else its creation), 2 digits;
- SSSS the institution's site sequence (站点序列码, CERT-01 part 5, 9001–9999), 4 digits;
- BBBB the sitting's number in the system, zero-padded, 4 digits (0001–9999);
- RRR  the room number (考场号, unique in the institution), zero-padded, 3 digits (001–999);
- NN   the seat number in the room, zero-padded, 2 digits (01–99).

The sitting number is unique in the system and the room number in the institution, so a
ticket number is unique; the database also enforces it. A number that would not fit its
part (no site sequence yet, sitting above 9999, a room or seat out of range) is refused,
never cut.
"""

import re

from skillcert.core.errors import DomainError

TICKET_RULE = "年份(2) + 站点序列码(4) + 批次号(4) + 考场号(3) + 座位号(2)，共15位数字"
TICKET_RE = re.compile(r"^(\d{2})(\d{4})(\d{4})(\d{3})(\d{2})$")
MAX_SEATS = 99


def _refuse(message: str) -> DomainError:
    return DomainError("ticket_format", message, rule="ARR-02")


def ticket_prefix(*, year: int, site_sequence: str, sitting_id: int) -> str:
    """The first 10 digits, the same for every candidate of a sitting."""
    if not re.fullmatch(r"\d{4}", site_sequence or ""):
        raise _refuse("机构尚无4位站点序列码（备案后由人社部门分配），无法编制准考证号")
    if not 1 <= sitting_id <= 9999:
        raise _refuse(f"批次号{sitting_id}超出准考证号编码范围（0001–9999）")
    return f"{year % 100:02d}{site_sequence}{sitting_id:04d}"


def ticket_number(prefix: str, room_number: int, seat_no: int) -> str:
    if not 1 <= room_number <= 999:
        raise _refuse(f"考场号{room_number}超出准考证号编码范围（001–999）")
    if not 1 <= seat_no <= MAX_SEATS:
        raise _refuse(f"座位号{seat_no}超出准考证号编码范围（01–99）")
    return f"{prefix}{room_number:03d}{seat_no:02d}"


def ticket_parse(number: str) -> dict:
    """The parts of a ticket number; DomainError if it does not follow the rule."""
    m = TICKET_RE.match(number or "")
    if not m:
        raise _refuse(f"准考证号“{number}”不符合编码规则：{TICKET_RULE}")
    year, site, sitting, room, seat = m.groups()
    if int(sitting) == 0 or int(room) == 0 or int(seat) == 0:
        raise _refuse(f"准考证号“{number}”的批次号、考场号、座位号不能为0")
    return {
        "year": int(year),
        "site_sequence": site,
        "sitting_id": int(sitting),
        "room_number": int(room),
        "seat_no": int(seat),
    }
