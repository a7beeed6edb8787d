"""Builders for panel scoring tests: a staffed sitting with a panel of examiners who log in,
a checker, approved candidates with work numbers, and two modules weighted 60 + 40."""

import itertools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from skillcert.arrangement.models import SittingStaffing, StaffAssignment
from skillcert.institutions import services as inst
from skillcert.institutions.models import Membership
from skillcert.panels import services as ps
from skillcert.panels.models import AssessmentModule, Panel, WorkNumber
from skillcert.people import services as people
from tests import factories as f

PASSWORD = "pw-Secret-123"  # tests.factories.user's password
_seq = itertools.count(1)


def person(name: str, *, username: str | None = None, institution=None, role=None):
    """A person; with `username`, linked to a user who (given `institution`) is a member of
    it: panel rights need the membership, not only the link (issue 16 item 2)."""
    p = people.person_get_or_create(
        name=name,
        id_type="resident",
        id_number=f.resident_id(birth="19750101", seq=next(_seq)),
    )
    if username:
        p.user = f.user(username)
        p.save(update_fields=["user"])
        if institution is not None:
            inst.membership_add(institution=institution, user=p.user, role=role)
    return p


def examiner(institution, name: str, username: str | None):
    p = person(name, username=username, institution=institution, role=Membership.EXAMINER)
    people.examiner_add(
        actor=None,
        institution=institution,
        person=p,
        grade="examiner",
        occupations=[f.occupation()],
        card_number=f"KP-{name}",
        card_issued_on=date(2025, 1, 1),
        training_hours=48,
        assessment_passed=True,
        contract_start=date(2025, 1, 1),
        first_assessed_on=date(2020, 1, 1),
        skill_level=3,
        skill_occupation=f.occupation(),
    )
    return p


@dataclass
class Setup:
    panel: Panel
    examiners: list  # Person, the first is the leader
    checker: object  # Person
    regs: list
    modules: list[AssessmentModule]

    @property
    def users(self):
        return [p.user for p in self.examiners]

    def work(self, reg) -> str:
        return WorkNumber.objects.get(registration=reg).number


def staff_plan(sitting, examiners, extra=()):
    """A saved staffing plan: `examiners` on the panel (the first leads), `extra` exam affairs."""
    plan = SittingStaffing.objects.create(institution=sitting.institution, sitting=sitting, seed=1)
    for i, p in enumerate(examiners):
        StaffAssignment.objects.create(
            plan=plan,
            person=p,
            role=StaffAssignment.EXAMINER,
            occupation=sitting.occupation,
            level=sitting.level,
            leader=i == 0,
        )
    for p in extra:
        StaffAssignment.objects.create(plan=plan, person=p, role=StaffAssignment.EXAM_AFFAIRS)
    return plan


TWO_MODULES = [
    ("零件加工", "60", [("尺寸精度", "40"), ("表面质量", "20")]),
    ("安全文明生产", "40", [("安全操作", "10")]),
]


ONE_MODULE = [("零件加工", "100", [("尺寸精度", "60"), ("表面质量", "40")])]


def build(sitting, enrol, *, candidates: int = 2, prefix: str = "", modules=None) -> Setup:
    """A panel of three examiners (甲 leads) and a checker from the staffing plan, with
    `modules` [(name, weight, [(item, points)])] (default TWO_MODULES); users are named
    <prefix>_examiner甲/乙/丙 and <prefix>_checker."""
    institution = sitting.institution
    tag = prefix or f"s{sitting.pk}"
    examiners = [
        examiner(institution, f"考评员{n}", f"{tag}_examiner{n}") for n in ("甲", "乙", "丙")
    ]
    checker = person(
        "核分员丁", username=f"{tag}_checker", institution=institution, role=Membership.EXAMINER
    )
    staff_plan(sitting, examiners, extra=[checker])
    regs = enrol(sitting, candidates)
    panel = ps.panel_create(actor=None, sitting=sitting, checker=checker)
    made = [
        ps.module_create(actor=None, panel=panel, name=name, weight=weight, items=items)
        for name, weight, items in (modules or TWO_MODULES)
    ]
    return Setup(panel, examiners, checker, regs, made)


def enter(s: Setup, member_index: int, module: AssessmentModule, points: dict, reason=""):
    """points: {registration: [points per item]} entered by examiner `member_index`."""
    items = list(module.items.all())
    entries = [
        ps.ScoreEntry(s.work(reg), item.pk, Decimal(str(p)))
        for reg, values in points.items()
        for item, p in zip(items, values, strict=True)
    ]
    return ps.scores_enter(
        actor=s.users[member_index], panel=s.panel, module=module, entries=entries, reason=reason
    )


def sign_all(s: Setup, module: AssessmentModule, members=(0, 1, 2)):
    for i in members:
        ps.versions_sign(actor=s.users[i], panel=s.panel, module=module, password=PASSWORD)


def score_everything(s: Setup, first=(36, 18), second=(8,)):
    """Every member scores every candidate the same in both modules, and all sign."""
    for i in range(3):
        enter(s, i, s.modules[0], {r: first for r in s.regs})
        enter(s, i, s.modules[1], {r: second for r in s.regs})
    for m in s.modules:
        sign_all(s, m)
