"""Checking roster rows: every error of a row is reported, with row, column, value, reason, rule.

`RowChecker.check_row` needs no database; `RowChecker.check_chunk` asks the database a few
questions per chunk (who is already known, who is already registered, who is banned, who
holds the previous certificate), never one per row. Eligibility, bans and documents are
judged by `registration.check.RegistrationCheck`, the same judgement `/apply/` makes.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from skillcert.catalog.models import LEVEL_LABELS, parse_level
from skillcert.core import crypto
from skillcert.core.errors import DomainError
from skillcert.core.idnumbers import RESIDENT_ID, ParsedId, parse_id
from skillcert.core.normalize import normalize_phone
from skillcert.institutions.selectors import scope_row_covering
from skillcert.people.models import Person
from skillcert.people.services import persons_fields

from ..models import DIRECT, Registration, Sitting
from ..registration.check import Applicant, Finding, RegistrationCheck
from .format import (
    CLASS,
    COLUMNS,
    GRAD_YEAR,
    ID_NUMBER,
    ID_TYPE,
    ID_TYPE_CODES,
    LEVEL,
    NAME,
    ONEX,
    ONEX_CODES,
    PHONE,
    SCHOOL,
    SCHOOL_CODES,
    TITLE,
    TITLE_CODES,
    TITLE_YEARS,
)
from .sql import select_in

_PHONE = re.compile(r"^1\d{10}$")
_COL = {name: i for i, name in enumerate(COLUMNS)}
_KNOWN = ["id_hash", "id", "name"]


def _one_level(text: str) -> int | None:
    try:
        return parse_level(text)
    except ValueError:
        return None


@dataclass
class GoodRow:
    """A row that passed the file-level checks; `person` is set by the chunk check."""

    row: int
    name: str
    parsed: ParsedId
    id_hash: str
    phone: str
    school: str
    grad_year: int | None
    onex: str
    title: str
    title_years: int | None
    class_name: str = ""
    person_id: int | None = None
    person: dict | None = field(default=None, repr=False)  # new person's stored fields
    # What the row states (RowChecker._applicant): judged for eligibility and documents.
    applicant: Applicant | None = field(default=None, repr=False)


def _choices(codes: dict[str, str]) -> str:
    return "、".join(codes)


class RowChecker:
    def __init__(self, sitting: Sitting, *, day: date | None = None):
        self.sitting = sitting
        self.check = RegistrationCheck(sitting, day=day or timezone.localdate())
        self.first_row: dict[str, int] = {}  # id_hash -> first row with it in this file
        self._scope: dict[int, bool] = {}
        # A roster repeats a few values in these columns: each is judged once per import.
        self._levels: dict[str, tuple[str, str] | None] = {}
        self._applicants: dict[tuple, Applicant] = {}
        self._today = date.today()  # parse_id's default, read once (a clock read per row)

    # -- helpers -------------------------------------------------------------------------
    @staticmethod
    def error(row: int, column: str, value: str, reason: str, rule: str = "") -> dict:
        # ID numbers never leave in clear on a page or in the API (个人信息保护法).
        shown = crypto.mask_id(value) if column == ID_NUMBER and value else value[:60]
        return {"row": row, "column": column, "value": shown, "reason": reason, "rule": rule}

    def _in_scope(self, level: int) -> bool:
        if level not in self._scope:  # at most 5 queries per import
            s = self.sitting
            self._scope[level] = (
                scope_row_covering(
                    s.institution,
                    occupation_id=s.occupation_id,
                    job_type_id=s.job_type_id,
                    level=level,
                )
                is not None
            )
        return self._scope[level]

    # -- one row, no database --------------------------------------------------------------
    def check_row(self, row: int, cells: list[str]) -> tuple[GoodRow | None, list[dict]]:
        errors: list[dict] = []

        def add(column: str, reason: str, rule: str = ""):
            errors.append(self.error(row, column, cells[_COL[column]], reason, rule))

        name = cells[_COL[NAME]]
        if not name:
            add(NAME, "姓名不能为空")
        elif len(name) > 50:
            add(NAME, "姓名超过50个字")
        parsed = self._id(cells, add)
        phone = normalize_phone(cells[_COL[PHONE]])  # 13800138000.0 typed as text (issue 16)
        if phone and not _PHONE.match(phone):
            add(PHONE, "手机号应为以1开头的11位数字")
        before = len(errors)
        school = self._code(cells, SCHOOL, SCHOOL_CODES, add)
        onex = self._code(cells, ONEX, ONEX_CODES, add)
        title = self._code(cells, TITLE, TITLE_CODES, add)
        if not cells[_COL[SCHOOL]] and not cells[_COL[TITLE]]:
            add(SCHOOL, "学历层次与职称至少填写一项（学生填学历层次，教职工填职称）")
        grad_year = self._int(cells, GRAD_YEAR, 1950, 2100, "应为四位年份，如2025", add)
        title_years = self._int(cells, TITLE_YEARS, 0, 60, "应为0-60的整数年数", add)
        applicant = self._applicant(school, grad_year, onex, title, title_years)
        if len(errors) == before:  # judge eligibility only on fields that could be read
            self._eligible(applicant, add)
        self._level(cells, add)
        key = crypto.id_hash(parsed.id_type, parsed.number) if parsed else ""
        if key:
            self._duplicate(row, key, add)
        if errors:
            return None, errors
        class_name = cells[_COL[CLASS]][:60]
        return GoodRow(
            row,
            name,
            parsed,
            key,
            phone,
            school,
            grad_year,
            onex,
            title,
            title_years,
            class_name,
            applicant=applicant,
        ), []

    def _id(self, cells, add) -> ParsedId | None:
        label = cells[_COL[ID_TYPE]]
        id_type = ID_TYPE_CODES.get(label) if label else RESIDENT_ID
        if id_type is None:
            add(ID_TYPE, f"证件类型“{label}”无效，可填：{_choices(ID_TYPE_CODES)}")
        number = cells[_COL[ID_NUMBER]]
        if not number:
            add(ID_NUMBER, "证件号码不能为空", "PEOPLE-01")
            return None
        if "e+" in number.lower():
            add(
                ID_NUMBER,
                "证件号码被Excel存成了数字（科学计数法），末几位已丢失；"
                "请把该列设为文本格式后重新填写",
                "PEOPLE-01",
            )
            return None
        if id_type is None:
            return None
        try:
            return parse_id(id_type, number, today=self._today)
        except DomainError as exc:
            add(ID_NUMBER, exc.message, "PEOPLE-01")
            return None

    @staticmethod
    def _code(cells, column: str, codes: dict[str, str], add) -> str:
        label = cells[_COL[column]]
        if label and label not in codes:
            add(column, f"{column}“{label}”无效，可填：{_choices(codes)}")
            return ""
        return codes.get(label, "")

    @staticmethod
    def _int(cells, column: str, low: int, high: int, hint: str, add) -> int | None:
        text = cells[_COL[column]]
        if not text:
            return None
        if text.isdigit() and low <= int(text) <= high:
            return int(text)
        add(column, f"{column}“{text}”{hint}")
        return None

    def _level(self, cells, add) -> None:
        """PLAN-07: a stated level must be in the filed scope and be the sitting's level."""
        text = cells[_COL[LEVEL]]
        if text not in self._levels:
            self._levels[text] = self._level_error(text)
        found = self._levels[text]
        if found is not None:
            add(LEVEL, *found)

    def _level_error(self, text: str) -> tuple[str, str] | None:
        """(reason, rule) against the level column's text, or None if it is fine."""
        s = self.sitting
        level = _one_level(text) if text else s.level
        if level is None:
            return f"申报级别“{text}”无效，可填1-5或一级…五级", ""
        if not self._in_scope(level):
            job = f"（{s.job_type.name}）" if s.job_type_id else ""
            reason = f"{s.occupation.name}{job}{LEVEL_LABELS[level]}不在本机构备案的认定范围内"
            return reason, "PLAN-07"
        if level != s.level:
            return (
                f"申报级别{LEVEL_LABELS[level]}与本批次级别{LEVEL_LABELS[s.level]}不一致，"
                "请导入到对应级别的批次",
                "",
            )
        return None

    def _applicant(self, school, grad_year, onex, title, title_years) -> Applicant:
        """What the row states, one shared (frozen) Applicant per combination of fields.
        A roster carries no photo (taken later for the tickets) and no absence record."""
        key = (school, grad_year, onex, title, title_years)
        applicant = self._applicants.get(key)
        if applicant is None:
            applicant = self._applicants[key] = Applicant(
                school_level=school,
                graduating_year=grad_year,
                onex_level=onex,
                staff_title=title,
                title_years=title_years,
                has_photo=None,
            )
        return applicant

    def _eligible(self, applicant: Applicant, add) -> None:
        refused = self.check.eligibility(applicant)  # memoised per combination of fields
        if refused is not None:
            add(self._column(applicant.staff_title), refused.message, refused.rule)

    def _column(self, title: str) -> str:
        return TITLE if title else (ONEX if self.sitting.mode == DIRECT else SCHOOL)

    def _duplicate(self, row: int, key: str, add) -> None:
        first = self.first_row.setdefault(key, row)
        if first != row:
            add(ID_NUMBER, f"证件号码与第{first}行重复")

    # -- a chunk of good rows, a few queries ---------------------------------------------------
    def check_chunk(self, goods: list[GoodRow]) -> tuple[list[GoodRow], list[dict]]:
        """Drop rows already registered, known under another name, banned (PLAN-09, VIOL-04)
        or lacking the previous certificate (PLAN-06); build new persons."""
        hashes = [g.id_hash for g in goods]
        known = {h: (pk, name) for h, pk, name in select_in(Person, "id_hash", hashes, _KNOWN)}
        pks = [pk for pk, _ in known.values()]
        registered = set(
            Registration.objects.filter(sitting=self.sitting, person_id__in=pks).values_list(
                "person_id", flat=True
            )
        )
        needing = [
            known[g.id_hash][0]
            for g in goods
            if g.id_hash in known and self.check.needs_certificate(g.applicant)
        ]
        self.check.load(pks, certificate_for=needing)
        kept, errors = [], []
        for g in goods:
            pk, name = known.get(g.id_hash, (None, None))
            row_errors = self._known_errors(g, pk, name, registered)
            if row_errors:
                errors.extend(row_errors)
                continue
            g.person_id = pk
            kept.append(g)
        # Encrypting here, outside the write transaction, keeps that transaction short.
        new = [g for g in kept if g.person_id is None]
        made = persons_fields([(g.name, g.parsed, g.phone, g.id_hash) for g in new])
        for g, person in zip(new, made, strict=True):
            g.person = person
        return kept, errors

    def _known_errors(self, g: GoodRow, pk, name, registered: set) -> list[dict]:
        number = g.parsed.number
        errors = []
        if pk is not None and name != g.name:
            errors.append(
                self.error(g.row, NAME, g.name, "该证件号码已登记为其他姓名，请核对姓名或证件号码")
            )
        if pk in registered:
            errors.append(self.error(g.row, ID_NUMBER, number, "该考生已报名本批次"))
        applicant = g.applicant
        found = self.check.ban_findings(pk) + self.check.document_findings(pk, applicant)
        errors.extend(self._finding_error(g, f) for f in found)
        return errors

    def _finding_error(self, g: GoodRow, f: Finding) -> dict:
        """A finding of the registration check as a row error, in the column it concerns."""
        if f.field == "previous_certificate":
            level = LEVEL_LABELS[self.sitting.level]
            return self.error(
                g.row, LEVEL, level, f"{f.message}（系统中未查到该考生的证书）", f.rule
            )
        return self.error(g.row, ID_NUMBER, g.parsed.number, f"该考生{f.message}", f.rule)
