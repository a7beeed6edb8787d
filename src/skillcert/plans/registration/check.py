"""The one registration judgement (PLAN-04..10, INST-04/09/11, VIOL-04), set-based.

`/apply/` (form, live check, service), the review queue, the roster import and the API all
judge a person through `RegistrationCheck`, so a rule added here reaches every door. The
check asks the database two questions for any number of persons (bans in force, certificates
held) instead of one per person: a 50,000-row roster costs a few queries per chunk.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.core.errors import DomainError
from skillcert.institutions.selectors import filing_refusal, scope_row_covering

from ..hooks import certificate_holders
from ..models import Ban, Sitting
from .bans import bans_query
from .eligibility import check_eligibility, top_level

ABSENCE_LIMIT = Decimal(1) / Decimal(3)  # PLAN-06: training absence over 1/3 loses eligibility


@dataclass(frozen=True)
class Finding:
    """One reason a person may not register: message (Chinese), rule ID, form field."""

    message: str
    rule: str
    field: str = ""


@dataclass(frozen=True)
class Verdict:
    basis: str  # what the person's eligibility rests on (PLAN-04/05), for display
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class Applicant:
    """What a person states for one registration (a form, a roster row, an API body).

    `has_photo` None: nobody was asked (a roster has no photo column; photos follow for the
    tickets). `absence_share` None: no training record was given."""

    school_level: str = ""
    graduating_year: int | None = None
    onex_level: str = ""
    staff_title: str = ""
    title_years: int | None = None
    absence_share: Decimal | None = None
    has_photo: bool | None = True
    has_previous_certificate: bool = False

    @property
    def eligibility_key(self) -> tuple:
        return (
            self.school_level,
            self.graduating_year,
            self.onex_level,
            self.staff_title,
            self.title_years,
        )


def sitting_day(sitting: Sitting) -> date:
    """The day eligibility is judged on (PLAN-04, PLAN-10): the sitting's first exam day."""
    day = sitting.theory_on or sitting.practical_on or sitting.created_at
    return timezone.localdate(day) if isinstance(day, datetime) else day


def sitting_findings(sitting: Sitting, day: date) -> list[Finding]:
    """Reasons nobody may register for this sitting today: closed, or no valid filing."""
    found = []
    if sitting.status != Sitting.OPEN:
        found.append(Finding("该批次已结束，不再接受报名", "", "sitting"))
    refusal = filing_refusal(sitting.institution, on=day)
    if refusal:  # INST-04 expired / INST-09 suspended: the institution runs no sitting
        found.append(Finding(refusal.message, refusal.rule, "sitting"))
    return found


def scope_finding(sitting: Sitting) -> Finding | None:
    """PLAN-07: only inside the institution's filed scope."""
    row = scope_row_covering(
        sitting.institution,
        occupation_id=sitting.occupation_id,
        job_type_id=sitting.job_type_id,
        level=sitting.level,
    )
    if row is None:
        return Finding(f"{sitting.subject_label}不在本机构备案的认定范围内", "PLAN-07", "sitting")
    return None


class RegistrationCheck:
    """Judge persons for one sitting on one day; `load` fetches what many persons need."""

    def __init__(self, sitting: Sitting, *, day: date):
        self.sitting = sitting
        self.day = day  # the day of registering: bans in force then
        self.exam_day = sitting_day(sitting)  # the day eligibility is judged on (PLAN-10)
        self._bans: dict[int, list[Ban]] = {}
        self._holders: set[int] = set()
        self._eligibility: dict[tuple, Finding | None] = {}

    def load(self, person_ids: Iterable[int], *, certificate_for: Iterable[int] = ()) -> None:
        """Two queries: bans in force for `person_ids`, lower certificates (PLAN-06) held by
        `certificate_for` (the persons whose level needs one)."""
        self._bans = {}
        for ban in bans_query(person_ids, self.sitting.institution_id, self.day):
            self._bans.setdefault(ban.person_id, []).append(ban)
        wanted = list(certificate_for)
        self._holders = set()
        if wanted:
            s = self.sitting
            self._holders = set(
                certificate_holders(
                    person_ids=wanted, occupation_code=s.occupation.code, level_at_most=s.level + 1
                )
            )

    # -- the parts of a verdict ---------------------------------------------------------------
    def basis(self, a: Applicant) -> str:
        grant = top_level(mode=self.sitting.mode, sitting_on=self.exam_day, **self._fields(a))
        return grant.basis if grant else "以赛代评，按本机构竞赛规则认定"

    def eligibility(self, a: Applicant) -> Finding | None:
        """PLAN-04/05/10 by mode, school level, graduating year, 1+X level, title; a roster
        has few distinct combinations, so each is judged once."""
        key = a.eligibility_key
        if key not in self._eligibility:
            self._eligibility[key] = self._judge(a)
        return self._eligibility[key]

    def _judge(self, a: Applicant) -> Finding | None:
        s = self.sitting
        try:
            check_eligibility(
                mode=s.mode, level=s.level, sitting_on=self.exam_day, **self._fields(a)
            )
        except DomainError as exc:
            return Finding(
                exc.message, exc.rule, "staff_title" if a.staff_title else "school_level"
            )
        return None

    @staticmethod
    def _fields(a: Applicant) -> dict:
        return {
            "school_level": a.school_level,
            "graduating_year": a.graduating_year,
            "onex_level": a.onex_level,
            "staff_title": a.staff_title,
            "title_years": a.title_years,
        }

    def needs_certificate(self, a: Applicant) -> bool:
        """PLAN-06: a higher level (above 5) needs the previous certificate, except students."""
        return self.sitting.level < 5 and not a.school_level and not a.has_previous_certificate

    def ban_findings(self, person_id: int | None) -> list[Finding]:
        found = []
        for ban in self._bans.get(person_id, ()) if person_id is not None else ():
            end = f"{ban.until}" if ban.until else f"毕业（{ban.graduation_on}）"  # VIOL-04
            found.append(Finding(f"因“{ban.reason}”被禁止报名至{end}（{ban.rule}）", ban.rule, ""))
        return found

    def document_findings(self, person_id: int | None, a: Applicant) -> list[Finding]:
        """PLAN-06: photo, previous certificate for a higher level, training absence."""
        found = []
        if a.has_photo is False:
            found.append(Finding("请上传本人1寸照片", "PLAN-06", "photo"))
        if self.needs_certificate(a) and person_id not in self._holders:
            level = self.sitting.level
            found.append(
                Finding(
                    f"申报{LEVEL_LABELS[level]}须提供{LEVEL_LABELS[level + 1]}或以上等级证书",
                    "PLAN-06",
                    "previous_certificate",
                )
            )
        if a.absence_share is not None and a.absence_share > ABSENCE_LIMIT:
            found.append(
                Finding(
                    f"培训缺勤比例{a.absence_share:.0%}超过1/3，已丧失报名资格",
                    "PLAN-06",
                    "absence_share",
                )
            )
        return found

    def person_findings(self, person_id: int | None, a: Applicant) -> list[Finding]:
        """Bans, eligibility and documents of one person (after `load`), in that order."""
        found = self.ban_findings(person_id)
        refused = self.eligibility(a)
        if refused:
            found.append(refused)
        return found + self.document_findings(person_id, a)
