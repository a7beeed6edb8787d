"""The printed 技术评估评分表 (004 第四部分 一): the manual's columns, with the group's marks
(mean points of the experts who submitted; a veto item 符合/不符合 by the group rule) or
one expert's own sheet, then the totals and the note of the manual (INST-03)."""

from decimal import Decimal

from skillcert.core.numbers import decimal_text
from skillcert.core.rules import rules
from skillcert.core.users import user_label

from ..models import EvaluationGroup, EvaluationItem, EvaluationScore, Evaluator
from ..pdf import Writer
from .services import group_result

TITLE = "院校类职业技能等级评价机构备案技术评估评分表"
COLUMNS = ["项目", "项目分解", "评估内容", "评估标准", "分值", "评估方式", "得分", "备注"]


def _marks(evaluators: list[Evaluator]) -> dict[int, list[EvaluationScore]]:
    marks: dict[int, list[EvaluationScore]] = {}
    for score in EvaluationScore.objects.filter(evaluator__in=evaluators):
        marks.setdefault(score.item_id, []).append(score)
    return marks


def _cell(item: EvaluationItem, scores: list[EvaluationScore], experts: int) -> str:
    if not scores:
        return ""
    if item.kind == EvaluationItem.VETO:
        refused = sum(1 for s in scores if s.conforms is False)
        return "不符合" if refused * 2 > experts else "符合"
    mean = sum(s.points or 0 for s in scores) / len(scores)
    return decimal_text(Decimal(mean).quantize(Decimal("0.1")))


def sheet_pdf(group: EvaluationGroup, *, evaluator: Evaluator | None = None) -> bytes:
    application = group.application
    evaluators = (
        [evaluator]
        if evaluator
        else [e for e in group.evaluators.select_related("user") if e.submitted_at is not None]
    )
    marks = _marks(evaluators)
    w = Writer(TITLE)
    w.heading(TITLE)
    w.text(
        f"申请单位：{application.institution.name}    申请类型：{application.get_kind_display()}"
    )
    if evaluator:
        w.text(f"评估专家：{user_label(evaluator.user)}")
    w.space(4)
    rows = [COLUMNS]
    for item in EvaluationItem.objects.order_by("order"):
        points = "否决项" if item.kind == EvaluationItem.VETO else decimal_text(item.points)
        if item.kind == EvaluationItem.BONUS:
            points = f"加{decimal_text(item.points)}"
        notes = "；".join(s.note for s in marks.get(item.pk, []) if s.note)
        rows.append(
            [
                item.section,
                item.part,
                item.content,
                item.standard,
                points,
                item.method,
                _cell(item, marks.get(item.pk, []), len(evaluators)),
                notes,
            ]
        )
    rows.append(
        ["合计", "", "", "", decimal_text(rules().full_mark), "", _total(group, evaluator), ""]
    )
    w.table([7, 8, 16, 24, 5, 10, 6, 8], rows)
    w.space(8)
    if evaluator is None:
        for e in evaluators:
            w.text(f"专家 {user_label(e.user)}：总分 {decimal_text(e.total)}", size=10)
        if group.concluded_at:
            verdict = "通过" if group.passed else "未通过"
            w.text(f"评估结论：{verdict}。" + group_result(group).reasons, size=10)
    w.space(6)
    w.text(
        f"注：1. 总得分{decimal_text(rules().evaluation_pass_total)}分及以上者，"
        "申请单位具备评价机构备案条件；否决项不符合的，不予备案。",
        size=9,
    )
    w.space(16)
    w.text("评估专家签字：__________________    日期：__________", size=10)
    return w.done()


def _total(group: EvaluationGroup, evaluator: Evaluator | None) -> str:
    if evaluator is not None:
        return decimal_text(evaluator.total) if evaluator.total is not None else ""
    result = group_result(group)
    return decimal_text(result.total) if result.experts else ""
