"""Setting a panel up: work numbers (EXAM-09), the panel with its checker and members from
the staffing plan (ARR-05), its assessment modules."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from skillcert.arrangement.models import SittingStaffing, StaffAssignment
from skillcert.arrangement.staffing.build import sitting_day
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.people.models import Person
from skillcert.people.selectors import examiners_valid_for
from skillcert.plans.models import Registration, Sitting
from skillcert.scoring.hooks import practical_refusal
from skillcert.scoring.models import PRACTICAL
from skillcert.scoring.services import carries_for

from ..models import (
    AssessmentModule,
    Panel,
    PanelMember,
    ScoreVersion,
    ScoringItem,
    WorkNumber,
)
from .base import MAX_ITEMS, WORK_NUMBER_DIGITS, _decimal, _locked_panel


def _practical_ready(sitting: Sitting) -> None:
    """REC-07: no practical with an instrument past its calibration date on the day."""
    refusal = practical_refusal(
        sitting_id=sitting.pk, on=sitting.practical_on or timezone.localdate()
    )
    if refusal:
        raise DomainError("practical_equipment", refusal, rule="REC-07")


@transaction.atomic
def work_numbers_assign(*, actor, sitting: Sitting) -> int:
    """Give every approved candidate without one a random 6-digit work number, unique in the
    sitting (EXAM-09). Returns how many were assigned; only the count is audited.
    A candidate who carries a practical passed within the year (SCORE-02) sits the theory
    only: no work number, so the panel neither scores them nor waits for them.
    REC-07: refused while an instrument at the practical stations is past its calibration."""
    Sitting.objects.select_for_update().filter(pk=sitting.pk).first()
    _practical_ready(sitting)
    taken = set(WorkNumber.objects.filter(sitting=sitting).values_list("number", flat=True))
    waiting = Registration.objects.filter(
        sitting=sitting, status=Registration.APPROVED, work_number__isnull=True
    ).select_related("sitting")
    carries = carries_for(waiting)
    regs = [r.pk for r in waiting if getattr(carries.get(r.pk), "subject", "") != PRACTICAL]
    rows = []
    low, span = 10 ** (WORK_NUMBER_DIGITS - 1), 9 * 10 ** (WORK_NUMBER_DIGITS - 1)
    for reg_id in regs:
        while True:
            number = str(low + secrets.randbelow(span))
            if number not in taken:
                break
        taken.add(number)
        rows.append(
            WorkNumber(
                institution_id=sitting.institution_id,
                sitting=sitting,
                registration_id=reg_id,
                number=number,
            )
        )
    WorkNumber.objects.bulk_create(rows, batch_size=1000)
    if rows:
        audit_record(
            actor=actor,
            action="panel.work_numbers",
            obj=sitting,
            after={"assigned": len(rows), "total": len(taken)},
        )
    return len(rows)


@transaction.atomic
def panel_create(*, actor, sitting: Sitting, checker: Person) -> Panel:
    """Set up the panel of the sitting's occupation from its staffing plan: its examiners
    (≥ 3, ARR-05; allowed the level and occupation, PEOPLE-03/04), the plan's leader (ARR-05)
    and a designated checker from the plan who is not the leader (SCORE-03); not while an
    instrument at the practical stations is past its calibration date (REC-07)."""
    Sitting.objects.select_for_update().filter(pk=sitting.pk).first()
    if Panel.objects.filter(sitting=sitting, occupation_id=sitting.occupation_id).exists():
        raise DomainError("panel_exists", "本批次已设置考评组")
    _practical_ready(sitting)
    plan = SittingStaffing.objects.filter(sitting=sitting).first()
    if plan is None:
        raise DomainError("no_staffing", "本批次尚未安排人员，请先生成人员安排", rule="ARR-05")
    staff = list(plan.assignments.select_related("person__user"))
    examiners = [
        a
        for a in staff
        if a.role == StaffAssignment.EXAMINER and a.occupation_id == sitting.occupation_id
    ]
    need = rules().examiners_per_sitting
    if len(examiners) < need:
        raise DomainError(
            "panel_size",
            f"人员安排中本职业考评员只有{len(examiners)}人，考评组至少需要{need}人",
            rule="ARR-05",
        )
    leaders = [a.person for a in examiners if a.leader]
    if len(leaders) != 1:
        raise DomainError("panel_leader", "人员安排中本考评组应有且只有一名考评组长", rule="ARR-05")
    allowed = {
        e.person_id
        for e in examiners_valid_for(
            sitting.institution,
            occupation=sitting.occupation,
            level=sitting.level,
            day=sitting_day(sitting),
        )
    }
    for a in examiners:
        if a.person_id not in allowed:
            raise DomainError(
                "panel_examiner",
                f"{a.person.name}不具备本职业（工种）{sitting.level}级的考评资格",
                rule="PEOPLE-03,PEOPLE-04",
            )
        if a.person.user_id is None:
            raise DomainError(
                "panel_login",
                f"考评员{a.person.name}没有登录账号，无法电子签名，"
                "请先在本页或人员名册中为其开通账号",
                rule="SCORE-03",
            )
    in_plan = {a.person_id for a in staff}
    if checker.pk not in in_plan:
        raise DomainError("checker_staff", "成绩核对人应是本批次人员安排中的人员", field="checker")
    if checker.pk == leaders[0].pk:
        raise DomainError(
            "checker_leader",
            "成绩核对人与考评组长不能是同一人（核对人校对、组长签署汇总）",
            field="checker",
            rule="SCORE-03",
        )
    if checker.user_id is None:
        raise DomainError(
            "checker_login", f"{checker.name}没有登录账号，无法签名核对", field="checker"
        )
    panel = Panel.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        occupation_id=sitting.occupation_id,
        leader=leaders[0],
        checker=checker,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    PanelMember.objects.bulk_create([PanelMember(panel=panel, person=a.person) for a in examiners])
    audit_record(
        actor=actor,
        action="panel.create",
        obj=panel,
        after={
            "sitting": sitting.pk,
            "members": sorted(a.person_id for a in examiners),
            "leader": panel.leader_id,
            "checker": checker.pk,
        },
    )
    work_numbers_assign(actor=actor, sitting=sitting)
    return panel


def _scoring_started(panel: Panel) -> bool:
    return ScoreVersion.objects.filter(panel=panel).exists()


@transaction.atomic
def module_create(
    *, actor, panel: Panel, name: str, weight, items: list[tuple[str, object]]
) -> AssessmentModule:
    """A module with its scoring items; weights of all modules add up to at most 100."""
    panel = _locked_panel(panel)
    if _scoring_started(panel):
        raise DomainError("scoring_started", "评分已开始，不能再修改考核模块", rule="SCORE-03")
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise DomainError("module_name", "请填写模块名称（100字以内）", field="name")
    weight = _decimal(weight, field="weight", what="权重")
    full = rules().full_mark
    used = sum((m.weight for m in panel.modules.all()), start=Decimal(0))
    if weight <= 0 or used + weight > full:
        raise DomainError(
            "module_weight",
            f"权重应大于0，且各模块合计不超过{full}（已用{used}）",
            field="weight",
            rule="SCORE-01",
        )
    if not items:
        raise DomainError("module_items", "请至少填写一个评分项", field="items")
    if len(items) > MAX_ITEMS:
        raise DomainError("module_items", f"评分项最多{MAX_ITEMS}个", field="items")
    cleaned = []
    for n, (description, max_points) in enumerate(items, start=1):
        description = (description or "").strip()
        if not description or len(description) > 200:
            raise DomainError("item_text", f"第{n}个评分项：请填写内容（200字以内）", field="items")
        points = _decimal(max_points, field="items", what=f"第{n}个评分项的配分")
        if points <= 0 or points > full:
            raise DomainError(
                "item_points", f"第{n}个评分项的配分应大于0且不超过{full}", field="items"
            )
        cleaned.append((description, points))
    module = AssessmentModule.objects.create(
        institution_id=panel.institution_id,
        panel=panel,
        name=name,
        order=panel.modules.count() + 1,
        weight=weight,
    )
    ScoringItem.objects.bulk_create(
        [
            ScoringItem(module=module, order=n, description=d, max_points=p)
            for n, (d, p) in enumerate(cleaned, start=1)
        ]
    )
    audit_record(
        actor=actor,
        action="panel.module_create",
        obj=module,
        institution_id=panel.institution_id,
        after={"name": name, "weight": weight, "items": cleaned},
    )
    return module


@transaction.atomic
def module_delete(*, actor, module: AssessmentModule) -> None:
    panel = _locked_panel(module.panel)
    if _scoring_started(panel):
        raise DomainError("scoring_started", "评分已开始，不能再修改考核模块", rule="SCORE-03")
    before = {"name": module.name, "weight": module.weight}
    audit_record(actor=actor, action="panel.module_delete", obj=module, before=before)
    module.delete()
