"""Staffing of one sitting: the frozen input/output records and the eligibility rules.

Pure Python, no Django models: the arrangement app builds a StaffingProblem from its models.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

SITE_LEADER = "site_leader"
SUPERVISOR = "internal_supervisor"
EXAM_AFFAIRS = "exam_affairs"
PROCTOR = "proctor"
EXAMINER = "examiner"
ROLES = (SITE_LEADER, SUPERVISOR, EXAM_AFFAIRS, PROCTOR, EXAMINER)
ROLE_NAMES = {
    SITE_LEADER: "考点负责人",
    SUPERVISOR: "内部质量督导员",
    EXAM_AFFAIRS: "考务人员",
    PROCTOR: "监考员",
    EXAMINER: "考评员",
}
# ARR-04: fixed staff of a site.
STAFF_NEEDS = {SITE_LEADER: 1, SUPERVISOR: 3, EXAM_AFFAIRS: 2}

GRADE_EXAMINER = "examiner"  # 考评员: levels 5–3 (PEOPLE-03)
GRADE_SENIOR = "senior"  # 高级考评员: all levels (PEOPLE-03)
LEADER_MIN_YEARS = 1  # ARR-05: a panel leader has >= 1 year of experience

_LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}

PanelKey = tuple[str, int]


@dataclass(frozen=True)
class Limits:
    """The rule values the solver needs (from skillcert.core.rules.RuleSettings)."""

    proctor_ratio: int = 15  # ARR-03
    examiners_per_sitting: int = 3  # ARR-05
    panel_rotation_share: Fraction = Fraction(1, 3)  # ARR-06
    max_consecutive_services: int = 3  # ARR-06

    @classmethod
    def from_rules(cls, settings) -> Limits:
        return cls(
            proctor_ratio=settings.proctor_ratio,
            examiners_per_sitting=settings.examiners_per_sitting,
            panel_rotation_share=Fraction(settings.panel_rotation_share),
            max_consecutive_services=settings.max_consecutive_services,
        )


@dataclass(frozen=True)
class Room:
    id: str
    candidates: int

    def proctors_needed(self, limits: Limits) -> int:
        # ARR-03: 2 per standard room of 30 (15:1), never fewer than 2 in a room.
        return max(2, math.ceil(self.candidates / limits.proctor_ratio))


@dataclass(frozen=True)
class Panel:
    occupation: str  # occupation code
    level: int  # 5 (初级工) … 1 (高级技师)
    modules: int  # assessment modules, each needs >= 1 examiner (ARR-05)
    occupation_name: str = ""

    @property
    def key(self) -> PanelKey:
        return (self.occupation, self.level)

    @property
    def label(self) -> str:
        return (
            f"{self.occupation_name or self.occupation} {_LEVEL_NAMES.get(self.level, self.level)}"
        )

    def examiners_needed(self, limits: Limits) -> int:
        # ARR-05: >= examiners_per_sitting and >= 1 per module. More is never needed, and
        # a larger panel would only need more newcomers under ARR-06.
        return max(limits.examiners_per_sitting, self.modules)

    def newcomers_needed(self, limits: Limits) -> int:
        # ARR-06: at least `share` of the panel are not from the previous panel.
        return math.ceil(self.examiners_needed(limits) * limits.panel_rotation_share)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    roles: frozenset[str]
    grade: str | None = None  # GRADE_EXAMINER / GRADE_SENIOR for examiners (PEOPLE-03)
    occupations: frozenset[str] = frozenset()  # occupations they may examine (PEOPLE-04)
    years: float = 0  # years of assessment experience (ARR-05 leader)
    consecutive_services: int = 0  # sittings in a row already served at this institution
    previous_panels: frozenset[str] = frozenset()  # occupations whose last panel they sat on

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Recusal:
    person_id: str
    reason: str  # e.g. "亲属参加认定", "本人任课班级学生"


@dataclass(frozen=True)
class StaffingProblem:
    sitting_id: str
    institution_id: str
    rooms: tuple[Room, ...]
    panels: tuple[Panel, ...]
    people: tuple[Person, ...]
    recusals: tuple[Recusal, ...] = ()
    seed: int = 0  # ARR-03: the lot is reproducible by this seed

    def person(self, person_id: str) -> Person | None:
        return self._by_id.get(person_id)

    def recusal_reason(self, person_id: str) -> str | None:
        return self._recused.get(person_id)

    # cached_property writes the instance __dict__ directly, so it works on a frozen class.
    @cached_property
    def _by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def _recused(self) -> dict[str, str]:
        return {r.person_id: r.reason for r in self.recusals}


@dataclass(frozen=True)
class Assignment:
    person_id: str
    role: str
    room_id: str | None = None  # PROCTOR
    panel: PanelKey | None = None  # EXAMINER
    leader: bool = False  # EXAMINER: panel leader (考评组长)


@dataclass(frozen=True)
class StaffingPlan:
    sitting_id: str
    seed: int
    assignments: tuple[Assignment, ...]
    # False when CP-SAT stopped at its time limit: the plan is valid, but the same seed may
    # then draw differently on another run (the lot is the optimum of seeded weights).
    proven_optimal: bool = field(default=True, compare=False)

    def people_in(self, role: str) -> list[str]:
        return [a.person_id for a in self.assignments if a.role == role]

    def room_proctors(self, room_id: str) -> list[str]:
        return [a.person_id for a in self.assignments if a.role == PROCTOR and a.room_id == room_id]

    def panel_members(self, key: PanelKey) -> list[Assignment]:
        return [a for a in self.assignments if a.role == EXAMINER and a.panel == key]


@dataclass(frozen=True)
class Violation:
    """One rule a plan breaks, or a reason no plan exists."""

    rule: str
    code: str
    message: str
    person_ids: tuple[str, ...] = field(default=())


# --- eligibility: each returns the rules that keep a person from a slot -----------------


def staff_blockers(problem: StaffingProblem, person: Person, role: str) -> list[str]:
    """Rules that forbid `person` from the site role `role` (not examiner)."""
    blockers = []
    if problem.recusal_reason(person.id) is not None:
        blockers.append("ARR-08")
    if role not in person.roles:
        blockers.append("ARR-03" if role == PROCTOR else "ARR-04")
    return blockers


def examiner_blockers(
    problem: StaffingProblem, person: Person, panel: Panel, limits: Limits
) -> list[str]:
    """Rules that forbid `person` from examining on `panel`."""
    blockers = []
    if problem.recusal_reason(person.id) is not None:
        blockers.append("ARR-08")
    if EXAMINER not in person.roles:
        blockers.append("ARR-05")
        return blockers
    if not level_ok(person, panel.level):
        blockers.append("PEOPLE-03")
    if panel.occupation not in person.occupations:
        blockers.append("PEOPLE-04")
    if person.consecutive_services >= limits.max_consecutive_services:
        blockers.append("ARR-06")
    return blockers


def level_ok(person: Person, level: int) -> bool:
    # PEOPLE-03: 考评员 levels 5–3, 高级考评员 all levels.
    if person.grade == GRADE_SENIOR:
        return 1 <= level <= 5
    if person.grade == GRADE_EXAMINER:
        return 3 <= level <= 5
    return False


def is_returning(person: Person, panel: Panel) -> bool:
    """ARR-06: the person sat on the previous panel of this occupation."""
    return panel.occupation in person.previous_panels


RULE_WORDS = {
    "ARR-03": "不具备监考资格",
    "ARR-04": "不具备该岗位资格",
    "ARR-05": "不是考评员",
    "ARR-06": "已连续服务同一机构达上限",
    "ARR-07": "同场已担任其他角色",
    "ARR-08": "回避",
    "PEOPLE-03": "考评员等级不够",
    "PEOPLE-04": "不能考评该职业",
}
