"""Reads of panels and their scores. Access: the institution's managers, and the panel's own
members, checker and leader; everyone else gets 404 (tenancy, ARR-09). Before the summary
is signed nobody on these pages sees candidate names, only work numbers (EXAM-09).

How members' scores combine (documented in docs, tested in tests/panels):
- module score of a candidate = mean of the members' totals in the valid version (two
  decimals, half up);
- practical score = Σ over modules (module score / module full points × module weight),
  weights adding up to 100 (SCORE-01 full mark), rounded once to one decimal, half up.
A candidate recorded absent (Absence) needs no scores and counts as 缺考, not as missing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db.models import Q

from skillcert.arrangement.models import SittingStaffing, StaffAssignment
from skillcert.core.errors import DomainError, NotFound
from skillcert.core.rules import rules
from skillcert.institutions.selectors import can_manage
from skillcert.people.models import Person
from skillcert.people.selectors import person_of
from skillcert.plans.models import Registration

from .models import Absence, AssessmentModule, Panel, ScoreVersion, SummarySignature, WorkNumber

CENT, TENTH = Decimal("0.01"), Decimal("0.1")
ABSENT = "缺考"  # SCORE-01: how an absent candidate shows, also in the tally's totals


@dataclass(frozen=True)
class Access:
    """Who the user is on this panel; at least one is true, or the page was a 404."""

    panel: Panel
    person: Person | None
    member: bool
    checker: bool
    leader: bool
    manager: bool


def _int(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise NotFound("未找到") from None
    if not 0 < number < 2**31:
        raise NotFound("未找到")
    return number


def panel_access(user, iid, pid) -> Access:
    """The panel `pid` of institution `iid` for this user; 404 unless the user manages the
    institution or is on the panel (member, checker or leader)."""
    panel = (
        Panel.objects.select_related("institution", "sitting", "occupation", "leader", "checker")
        .filter(pk=_int(pid), institution_id=_int(iid))
        .first()
    )
    if panel is None or not getattr(user, "is_authenticated", False):
        raise NotFound("未找到该考评组")
    person = person_of(user, panel.institution)
    member = person is not None and panel.members.filter(person=person).exists()
    checker = person is not None and panel.checker_id == person.pk
    leader = person is not None and panel.leader_id == person.pk
    manager = can_manage(user, panel.institution)
    if not (member or checker or leader or manager):
        raise NotFound("未找到该考评组")
    return Access(panel, person, member, checker, leader, manager)


def panels_of_sitting(sitting):
    return Panel.objects.filter(sitting=sitting).select_related("leader", "checker", "occupation")


def panels_for_person(user):
    """Panels the user sits on (member, checker or leader) at an institution they are a
    member of (see person_of), newest first."""
    if not getattr(user, "is_authenticated", False):
        return Panel.objects.none()
    person = Person.objects.filter(user=user).first()
    if person is None:
        return Panel.objects.none()
    return (
        Panel.objects.filter(Q(members__person=person) | Q(checker=person) | Q(leader=person))
        .filter(institution__memberships__user=user)
        .select_related("institution", "sitting", "occupation")
        .distinct()
        .order_by("-id")
    )


def modules_of(panel: Panel):
    return AssessmentModule.objects.filter(panel=panel).prefetch_related("items")


def module_get(panel: Panel, mid) -> AssessmentModule:
    module = modules_of(panel).filter(pk=_int(mid)).first()
    if module is None:
        raise NotFound("未找到该考核模块")
    return module


def member_persons(panel: Panel) -> list[Person]:
    return [m.person for m in panel.members.select_related("person").order_by("id")]


def work_numbers_of(panel: Panel) -> list[WorkNumber]:
    """Work numbers of the sitting's approved candidates, in number order."""
    return list(
        WorkNumber.objects.filter(
            sitting_id=panel.sitting_id, registration__status=Registration.APPROVED
        )
        .select_related("registration__person")
        .order_by("number")
    )


def absences_of(panel: Panel):
    return Absence.objects.filter(panel=panel).select_related("marked_by")


def rows_complete(rows, member_ids: set[int], item_ids: set[int]) -> bool:
    have = {(m, i) for m, i, _ in rows}
    return all((m, i) in have for m in member_ids for i in item_ids)


def total_of(rows, member_ids: set[int], item_ids: set[int]):
    """Mean of the members' totals over rows of (member, item, points), two decimals half
    up; None while any member's point for any item is missing."""
    rows = list(rows)
    if not member_ids or not rows_complete(rows, member_ids, item_ids):
        return None
    sums = {m: Decimal(0) for m in member_ids}
    for m, i, points in rows:
        if m in sums and i in item_ids:
            sums[m] += points
    return (sum(sums.values()) / len(sums)).quantize(CENT, rounding=ROUND_HALF_UP)


def _rows(version: ScoreVersion):
    return [(s.member_id, s.item_id, s.points) for s in version.scores.all()]


def version_complete(version: ScoreVersion, member_ids: set[int], item_ids: set[int]) -> bool:
    return rows_complete(_rows(version), member_ids, item_ids)


def version_total(version: ScoreVersion, member_ids: set[int], item_ids: set[int]):
    return total_of(_rows(version), member_ids, item_ids)


def content_digest(version: ScoreVersion) -> str:
    """What a signature covers: every member's points for every item of the version."""
    rows = sorted((m, i, str(p)) for m, i, p in _rows(version))
    return hashlib.sha256(json.dumps([version.pk, rows]).encode()).hexdigest()


@dataclass
class Cell:
    module: AssessmentModule
    valid: ScoreVersion | None = None  # the last version every member signed (SCORE-03)
    latest: ScoreVersion | None = None
    signed: list[int] = field(default_factory=list)  # members who signed `latest`
    signed_names: list[str] = field(default_factory=list)
    complete: bool = False  # `latest` has every member's points for every item

    @property
    def pending(self) -> bool:
        """A newer version waits for signatures: shown as 待全体签名，未生效."""
        return self.latest is not None and self.latest.valid_at is None


@dataclass
class Row:
    work: WorkNumber
    cells: list[Cell]
    practical: Decimal | None = None
    absence: Absence | None = None  # recorded 缺考: no scores needed (SCORE-01)

    @property
    def scored(self) -> list[Cell]:
        """The cells that need a valid score: none for an absent candidate."""
        return [] if self.absence else self.cells


@dataclass
class Board:
    panel: Panel
    modules: list[AssessmentModule]
    members: list[Person]
    rows: list[Row]
    weights_ok: bool

    @property
    def pending(self) -> int:
        return sum(1 for r in self.rows for c in r.scored if c.pending)

    @property
    def missing(self) -> int:
        return sum(1 for r in self.rows for c in r.scored if c.valid is None)

    @property
    def absent(self) -> int:
        return sum(1 for r in self.rows if r.absence)

    @property
    def ready(self) -> bool:
        return (
            bool(self.modules and self.rows)
            and self.weights_ok
            and not self.pending
            and (not self.missing)
        )


def practical_score(cells: list[Cell]) -> Decimal | None:
    """Σ module score / full points × weight, one decimal half up; None if any is missing."""
    total = Decimal(0)
    for cell in cells:
        if cell.valid is None or cell.valid.total is None:
            return None
        full = cell.module.full_points
        if not full:
            return None
        total += cell.valid.total / Decimal(full) * cell.module.weight
    return total.quantize(TENTH, rounding=ROUND_HALF_UP)


def panel_board(panel: Panel, *, module: AssessmentModule | None = None) -> Board:
    """Every candidate (by work number) × module: valid score, pending version, who signed."""
    modules = list(modules_of(panel)) if module is None else [module]
    members = member_persons(panel)
    member_ids = {p.pk for p in members}
    names = {p.pk: p.name for p in members}
    works = work_numbers_of(panel)
    absences = {a.registration_id: a for a in absences_of(panel)}
    versions = (
        ScoreVersion.objects.filter(panel=panel, module__in=modules)
        .prefetch_related("scores", "signatures")
        .order_by("module_id", "registration_id", "number")
    )
    by_key: dict[tuple[int, int], list[ScoreVersion]] = {}
    for v in versions:
        by_key.setdefault((v.module_id, v.registration_id), []).append(v)
    rows = []
    for w in works:
        cells = []
        for m in modules:
            found = by_key.get((m.pk, w.registration_id), [])
            cell = Cell(m)
            if found:
                cell.latest = found[-1]
                cell.valid = next((v for v in reversed(found) if v.valid_at), None)
                cell.signed = sorted(s.member_id for s in cell.latest.signatures.all())
                cell.signed_names = [names.get(i, "?") for i in cell.signed]
                item_ids = {i.pk for i in m.items.all()}
                cell.complete = version_complete(cell.latest, member_ids, item_ids)
            cells.append(cell)
        absence = absences.get(w.registration_id)
        practical = None if absence else practical_score(cells)
        rows.append(Row(w, cells, practical, absence))
    weights = sum((m.weight for m in modules_of(panel)), start=Decimal(0))
    return Board(panel, modules, members, rows, weights == rules().full_mark)


class Tally(NamedTuple):
    by_work: dict[str, str]  # work number → practical score, or 缺考
    by_reg: dict[int, Decimal]  # registration → practical score (absent ones left out)
    absent: list[int]  # registrations recorded absent (SCORE-01)
    digest: str


def tally_totals(panel: Panel) -> Tally:
    """The practical scores to check and sign, and their digest (which covers absences, so
    recording or undoing one makes the tally stale). Refuses while anything is missing,
    pending or mis-weighted."""
    board = panel_board(panel)
    if not board.modules:
        raise DomainError("no_modules", "尚未设置考核模块", rule="SCORE-03")
    if not board.weights_ok:
        raise DomainError("weights", f"各考核模块权重合计应为{rules().full_mark}", rule="SCORE-01")
    if not board.rows:
        raise DomainError("no_candidates", "本批次没有可评分的考生", rule="SCORE-03")
    if board.pending:
        raise DomainError(
            "pending_versions",
            f"还有{board.pending}项成绩待全体签名，未生效，不能核对或汇总",
            rule="SCORE-03",
        )
    if board.missing:
        raise DomainError(
            "missing_scores", f"还有{board.missing}项成绩尚未评定生效", rule="SCORE-03"
        )
    by_work = {r.work.number: ABSENT if r.absence else str(r.practical) for r in board.rows}
    by_reg = {r.work.registration_id: r.practical for r in board.rows if not r.absence}
    absent = [r.work.registration_id for r in board.rows if r.absence]
    digest = hashlib.sha256(json.dumps(by_work, sort_keys=True).encode()).hexdigest()
    return Tally(by_work, by_reg, absent, digest)


def summary_state(panel: Panel) -> dict:
    """The last tally and summary, and whether the scores moved since (then both are due)."""
    tally = panel.tallies.select_related("checker").first()
    summary = panel.summaries.select_related("leader").first()
    try:
        digest = tally_totals(panel).digest
    except DomainError as exc:
        digest, blocker = None, exc.message
    else:
        blocker = ""
    return {
        "tally": tally,
        "summary": summary,
        "digest": digest,
        "blocker": blocker,
        "tally_current": tally is not None and tally.digest == digest,
        "summary_current": summary is not None and summary.digest == digest,
    }


def signed_practicals(sitting_id: int) -> dict[int, tuple[Decimal | None, bool]] | None:
    """SCORE-03: per registration id, the practical score (score, absent) in the last summary
    each panel of the sitting's leader signed; None when no panel scores this sitting's
    practical (then nothing here binds it). A candidate the summaries do not list is absent
    from the dict: no signed practical exists for them."""
    panels = list(Panel.objects.filter(sitting_id=sitting_id))
    if not panels:
        return None
    works = dict(
        WorkNumber.objects.filter(sitting_id=sitting_id).values_list("number", "registration_id")
    )
    out: dict[int, tuple[Decimal | None, bool]] = {}
    for panel in panels:
        summary = panel.summaries.first()  # newest first (Meta.ordering)
        for number, value in (summary.totals if summary else {}).items():
            if number in works:
                absent = value == ABSENT
                out[works[number]] = (None if absent else Decimal(value).quantize(TENTH), absent)
    return out


def panel_scored(registration_id: int) -> bool:
    """SCORE-03/05: a panel scored this candidate's practical (a version holds their points)."""
    return ScoreVersion.objects.filter(registration_id=registration_id).exists()


def summary_signed_since(sitting_id: int, since) -> bool:
    """SCORE-03/05: a panel of the sitting signed a summary after `since` (e.g. an appeal)."""
    return SummarySignature.objects.filter(
        panel__sitting_id=sitting_id, signed_at__gt=since
    ).exists()


# --- the set-up page's choices (the sitting's staffing plan, ARR-03..05) --------------------


def plan_staff(sitting) -> list[tuple]:
    """(person, role label, leader) of each assignment on the sitting's staffing plan."""
    plan = SittingStaffing.objects.filter(sitting=sitting).first()
    if plan is None:
        return []
    rows = plan.assignments.select_related("person").order_by("role", "person__name")
    return [(a.person, a.get_role_display(), a.leader) for a in rows]


def checker_from(raw: str) -> Person:
    """The person chosen as the panel's checker (成绩核对人), or the form's DomainError."""
    raw = (raw or "").strip()
    if not raw.isdigit() or len(raw) > 10:
        raise DomainError("checker", "请选择成绩核对人", field="checker")
    person = Person.objects.filter(pk=int(raw)).first()
    if person is None:
        raise DomainError("checker", "未找到该人员", field="checker")
    return person


def examiners_without_login(sitting) -> list[Person]:
    """Examiners of the staffing plan who cannot sign yet (SCORE-03): no login. The page
    links each to the people app's 开通账号 page (issue 16 item 21)."""
    plan = SittingStaffing.objects.filter(sitting=sitting).first()
    if plan is None:
        return []
    rows = plan.assignments.filter(role=StaffAssignment.EXAMINER, person__user__isnull=True)
    return [a.person for a in rows.select_related("person").order_by("person__name")]
