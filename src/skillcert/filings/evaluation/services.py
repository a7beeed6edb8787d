"""Writes of the technical evaluation (INST-03), each audited in its own transaction.

The group rule (documented in docs/architecture.md): each expert scores every item of the
技术评估评分表; a veto item (否决项) fails when more than half of the group's experts mark it
不符合, and then the application fails whatever the total; otherwise the group's total is the
mean of the experts' totals (each capped at the full mark, bonus items included) and passes
at `rules().evaluation_pass_total` (65) or more. Concluding moves the application through
`filings.flow.application_move` (pass -> confirmation, or reject with the reasons).
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.core.users import user_label
from skillcert.institutions.models import Membership

from ..flow import application_move, is_authority_for
from ..models import EvaluationGroup, EvaluationItem, EvaluationScore, Evaluator, FilingStep
from ..models import FilingApplication as A

TENTH = Decimal("0.1")
CENT = Decimal("0.01")


def _in_evaluation(application: A) -> None:
    if application.state != A.EVALUATION:
        raise DomainError(
            "evaluation_state",
            f"申请处于“{application.get_state_display()}”环节，不在技术评估中",
            rule="INST-03",
        )


def _open_group(application: A) -> EvaluationGroup:
    group = EvaluationGroup.objects.select_for_update().filter(application=application).first()
    if group is None:
        raise DomainError("evaluation_no_group", "尚未组建评估专家组", rule="INST-03")
    if group.concluded_at is not None:
        raise DomainError("evaluation_concluded", "技术评估已有结论，不能再修改", rule="INST-03")
    return group


@transaction.atomic
def evaluation_group_name(*, actor, application: A, experts: list, leader=None) -> EvaluationGroup:
    """The authority names (or renames, before anyone has scored) the evaluation group."""
    application = A.objects.select_for_update().get(pk=application.pk)
    if not is_authority_for(actor, application):
        raise DomainError("evaluation_forbidden", "只有备案部门可以组建专家组", rule="INST-03")
    _in_evaluation(application)
    unique = list({u.pk: u for u in experts}.values())
    needed = rules().evaluation_min_experts
    if len(unique) < needed:
        raise DomainError(
            "evaluation_experts",
            f"评估专家组至少{needed}名专家（现{len(unique)}名）",
            field="experts",
            rule="INST-03",
        )
    inside = Membership.objects.filter(
        institution_id=application.institution_id, user__in=unique
    ).select_related("user")
    if inside:
        names = "、".join(sorted({user_label(m.user) for m in inside}))
        raise DomainError(
            "evaluation_conflict",
            f"{names}是申请机构的人员，应回避，不能担任评估专家",
            field="experts",
            rule="INST-03",
        )
    if leader is not None and leader.pk not in {u.pk for u in unique}:
        raise DomainError("evaluation_leader", "组长应是专家组成员", field="leader")
    group = EvaluationGroup.objects.select_for_update().filter(application=application).first()
    before = None
    if group is None:
        group = EvaluationGroup.objects.create(application=application, named_by=actor)
    else:
        if (
            group.concluded_at is not None
            or group.evaluators.filter(submitted_at__isnull=False).exists()
        ):
            raise DomainError(
                "evaluation_started", "已有专家提交评分，专家组不能再调整", rule="INST-03"
            )
        before = {"experts": sorted(group.evaluators.values_list("user__username", flat=True))}
        group.evaluators.all().delete()
    Evaluator.objects.bulk_create(
        [
            Evaluator(group=group, user=u, is_leader=leader is not None and u.pk == leader.pk)
            for u in unique
        ]
    )
    audit_record(
        actor=actor,
        action="evaluation.group_name",
        obj=group,
        before=before,
        after={
            "experts": sorted(u.get_username() for u in unique),
            "leader": leader.get_username() if leader else "",
        },
        institution_id=application.institution_id,
    )
    return group


def _mark(item: EvaluationItem, value) -> tuple[Decimal | None, bool | None]:
    """One expert's mark on `item` checked: (points, None) or (None, conforms)."""
    field = f"item_{item.order}"
    if item.kind == EvaluationItem.VETO:
        if isinstance(value, bool):
            return None, value
        text = str(value).strip()
        if text in ("符合", "1", "true", "True", "yes"):
            return None, True
        if text in ("不符合", "0", "false", "False", "no"):
            return None, False
        raise DomainError(
            "evaluation_veto_mark",
            f"第{item.order}项“{item.content}”是否决项，应选择符合或不符合",
            field=field,
            rule="INST-03",
        )
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        points = None
    if points is None or not points.is_finite():
        raise DomainError(
            "evaluation_points",
            f"第{item.order}项“{item.content}”的得分应为数字",
            field=field,
            rule="INST-03",
        )
    if points < 0 or points > item.points or points != points.quantize(TENTH):
        raise DomainError(
            "evaluation_points_range",
            f"第{item.order}项“{item.content}”的得分应在0-{item.points}分之间（至多1位小数）",
            field=field,
            rule="INST-03",
        )
    return points.quantize(TENTH), None


@transaction.atomic
def evaluation_sheet_submit(
    *, actor, application: A, marks: dict[int, object], notes: dict[int, str] | None = None
) -> Evaluator:
    """An expert of the group submits his sheet: a mark for every item (by item order)."""
    application = A.objects.select_for_update().get(pk=application.pk)
    _in_evaluation(application)
    group = _open_group(application)
    evaluator = Evaluator.objects.filter(group=group, user=actor).first()
    if evaluator is None:
        raise DomainError("evaluation_not_expert", "您不是该申请评估专家组的成员", rule="INST-03")
    notes = notes or {}
    rows, total = [], Decimal(0)
    for item in EvaluationItem.objects.order_by("order"):
        value = marks.get(item.order)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise DomainError(
                "evaluation_missing",
                f"第{item.order}项“{item.content}”未评分",
                field=f"item_{item.order}",
                rule="INST-03",
            )
        points, conforms = _mark(item, value)
        total += points or 0
        note = str(notes.get(item.order, "")).strip()[:200]
        rows.append(
            EvaluationScore(
                evaluator=evaluator, item=item, points=points, conforms=conforms, note=note
            )
        )
    total = min(total, rules().full_mark).quantize(CENT)
    before = {"total": evaluator.total, "submitted_at": evaluator.submitted_at}
    evaluator.scores.all().delete()
    EvaluationScore.objects.bulk_create(rows)
    evaluator.total, evaluator.submitted_at = total, timezone.now()
    evaluator.save(update_fields=["total", "submitted_at"])
    audit_record(
        actor=actor,
        action="evaluation.sheet_submit",
        obj=evaluator,
        before=before,
        after={
            "total": total,
            "not_conforming": [r.item.order for r in rows if r.conforms is False],
        },
        institution_id=application.institution_id,
    )
    return evaluator


@dataclass(frozen=True)
class GroupResult:
    passed: bool
    total: Decimal
    failed_vetoes: tuple[EvaluationItem, ...]
    experts: int

    @property
    def reasons(self) -> str:
        pass_total = rules().evaluation_pass_total
        parts = []
        if self.failed_vetoes:
            names = "、".join(f"第{i.order}项{i.content}" for i in self.failed_vetoes)
            parts.append(f"否决项不符合：{names}")
        parts.append(f"专家组平均得分{self.total}分（{pass_total}分及以上通过）")
        return "；".join(parts)


def group_result(group: EvaluationGroup) -> GroupResult:
    """INST-03: the group's result from the submitted sheets (see the module's rule)."""
    evaluators = [e for e in group.evaluators.all() if e.submitted_at is not None]
    n = len(evaluators)
    if n == 0:
        return GroupResult(False, Decimal("0.00"), (), 0)
    refusals: dict[int, int] = {}
    for score in EvaluationScore.objects.filter(evaluator__in=evaluators, conforms=False):
        refusals[score.item_id] = refusals.get(score.item_id, 0) + 1
    vetoes = tuple(
        EvaluationItem.objects.filter(pk__in=[k for k, c in refusals.items() if c * 2 > n])
    )
    total = (sum(e.total for e in evaluators) / n).quantize(CENT)
    passed = not vetoes and total >= rules().evaluation_pass_total
    return GroupResult(passed, total, vetoes, n)


@transaction.atomic
def evaluation_conclude(*, actor, application: A) -> EvaluationGroup:
    """The authority closes the evaluation once every expert has submitted: the group's
    result moves the application on (confirmation) or rejects it with the reasons."""
    application = A.objects.select_for_update().get(pk=application.pk)
    if not is_authority_for(actor, application):
        raise DomainError("evaluation_forbidden", "只有备案部门可以作出评估结论", rule="INST-03")
    _in_evaluation(application)
    group = _open_group(application)
    waiting = [e for e in group.evaluators.select_related("user") if e.submitted_at is None]
    if waiting:
        names = "、".join(user_label(e.user) for e in waiting)
        raise DomainError("evaluation_waiting", f"尚有专家未提交评分：{names}", rule="INST-03")
    result = group_result(group)
    group.passed, group.total = result.passed, result.total
    group.failed_vetoes = "、".join(i.content for i in result.failed_vetoes)
    group.concluded_at = timezone.now()
    group.save(update_fields=["passed", "total", "failed_vetoes", "concluded_at"])
    audit_record(
        actor=actor,
        action="evaluation.conclude",
        obj=group,
        after={
            "passed": result.passed,
            "total": result.total,
            "failed_vetoes": [i.order for i in result.failed_vetoes],
            "experts": result.experts,
        },
        institution_id=application.institution_id,
    )
    application_move(
        actor=actor,
        application=application,
        decision=FilingStep.PASS if result.passed else FilingStep.REJECT,
        reasons=result.reasons,
        expected_state=A.EVALUATION,
    )
    return group
