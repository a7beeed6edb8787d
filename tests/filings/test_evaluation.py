"""INST-03: the technical evaluation sheet, the expert group and its result."""

from decimal import Decimal

import pytest

from skillcert.core.audit import AuditEntry
from skillcert.core.errors import DomainError
from skillcert.filings.evaluation import services as ev
from skillcert.filings.evaluation.pdf import sheet_pdf
from skillcert.filings.models import EvaluationItem, FilingApplication, FilingStep
from tests import factories as f
from tests.filings.helpers import applicant, application_at, full_marks

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    institution = applicant()
    application = application_at(institution, FilingApplication.EVALUATION)
    experts = [f.user(f"expert{n}", first_name=f"专家{n}") for n in range(3)]
    authority = f.authority_user("410100")
    group = ev.evaluation_group_name(
        actor=authority, application=application, experts=experts, leader=experts[0]
    )
    return {
        "application": application,
        "experts": experts,
        "authority": authority,
        "group": group,
        "institution": institution,
    }


def _submit(world, n, marks):
    return ev.evaluation_sheet_submit(
        actor=world["experts"][n], application=world["application"], marks=marks
    )


def test_inst_03_the_sheet_is_the_manuals_100_points_with_its_veto_items():
    items = list(EvaluationItem.objects.all())
    scored = [i for i in items if i.kind == EvaluationItem.SCORED]
    assert sum(i.points for i in scored) == 100
    vetoes = {i.part for i in items if i.kind == EvaluationItem.VETO}
    # legal status, archive storage, certificate template, exam-affairs system, safety
    assert {"资质", "场地设施设备", "证书样式", "信息化建设", "应急设施"} <= vetoes


def test_inst_03_passes_at_65_mean_and_moves_to_confirmation(world):
    for n, share in enumerate(("0.8", "0.6", "0.7")):
        _submit(world, n, full_marks(share=Decimal(share)))
    group = ev.evaluation_conclude(actor=world["authority"], application=world["application"])
    assert group.passed is True and group.total >= Decimal("65")
    application = FilingApplication.objects.get(pk=world["application"].pk)
    assert application.state == FilingApplication.CONFIRMATION
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"evaluation.group_name", "evaluation.sheet_submit", "evaluation.conclude"} <= actions


def test_inst_03_below_65_is_rejected_with_the_total(world):
    for n in range(3):
        _submit(world, n, full_marks(share=Decimal("0.6")))
    ev.evaluation_conclude(actor=world["authority"], application=world["application"])
    application = FilingApplication.objects.get(pk=world["application"].pk)
    assert application.state == FilingApplication.REJECTED
    step = application.steps.last()
    assert step.decision == FilingStep.REJECT and "平均得分" in step.reasons


def test_inst_03_a_veto_failed_by_the_majority_fails_whatever_the_total(world):
    _submit(world, 0, full_marks(veto_fail={1}))
    _submit(world, 1, full_marks(veto_fail={1}))
    _submit(world, 2, full_marks())
    group = ev.evaluation_conclude(actor=world["authority"], application=world["application"])
    assert group.passed is False and group.total == Decimal("100.00")
    application = FilingApplication.objects.get(pk=world["application"].pk)
    assert application.state == FilingApplication.REJECTED
    assert "否决项不符合" in application.steps.last().reasons


def test_inst_03_a_veto_failed_by_a_minority_does_not_veto(world):
    _submit(world, 0, full_marks(veto_fail={1}))
    _submit(world, 1, full_marks())
    _submit(world, 2, full_marks())
    assert ev.evaluation_conclude(actor=world["authority"], application=world["application"]).passed


def test_inst_03_points_within_the_items_maximum_and_every_item_marked(world):
    marks = full_marks()
    marks[3] = Decimal("7")  # item 3 is worth 6
    with pytest.raises(DomainError) as exc:
        _submit(world, 0, marks)
    assert exc.value.code == "evaluation_points_range" and exc.value.field == "item_3"
    marks = full_marks()
    del marks[10]
    with pytest.raises(DomainError) as exc:
        _submit(world, 0, marks)
    assert exc.value.code == "evaluation_missing"
    marks = full_marks()
    marks[1] = "也许"
    with pytest.raises(DomainError) as exc:
        _submit(world, 0, marks)
    assert exc.value.code == "evaluation_veto_mark"
    assert not world["group"].evaluators.filter(submitted_at__isnull=False).exists()


def test_inst_03_only_the_groups_experts_score_and_all_before_the_conclusion(world):
    with pytest.raises(DomainError) as exc:
        ev.evaluation_sheet_submit(
            actor=world["authority"], application=world["application"], marks=full_marks()
        )
    assert exc.value.code == "evaluation_not_expert"
    _submit(world, 0, full_marks())
    with pytest.raises(DomainError) as exc:
        ev.evaluation_conclude(actor=world["authority"], application=world["application"])
    assert exc.value.code == "evaluation_waiting"


def test_inst_03_the_group_needs_three_experts_from_outside_the_applicant(world):
    application = application_at(applicant("另一学院", n=902), FilingApplication.EVALUATION)
    with pytest.raises(DomainError) as exc:
        ev.evaluation_group_name(
            actor=world["authority"], application=application, experts=world["experts"][:2]
        )
    assert exc.value.code == "evaluation_experts"
    insider = f.member(application.institution)
    with pytest.raises(DomainError) as exc:
        ev.evaluation_group_name(
            actor=world["authority"],
            application=application,
            experts=[*world["experts"][:2], insider],
        )
    assert exc.value.code == "evaluation_conflict"
    stranger = f.authority_user("420000")
    with pytest.raises(DomainError):
        ev.evaluation_group_name(actor=stranger, application=application, experts=world["experts"])


def test_inst_03_the_sheet_prints_as_in_the_manual(world):
    import io

    from pypdf import PdfReader

    for n in range(3):
        _submit(world, n, full_marks(share=Decimal("0.7")))
    ev.evaluation_conclude(actor=world["authority"], application=world["application"])
    world["group"].refresh_from_db()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(sheet_pdf(world["group"]))).pages)
    assert "技术评估评分表" in text and "申请学院" in text
    assert "否决项" in text and "总得分65分及以上" in text and "评估结论：通过" in text


@pytest.mark.parametrize("total,passed", [("65", True), ("64.9", False)])
def test_inst_03_the_pass_line_is_65_inclusive(world, total, passed):
    from tests.filings.helpers import marks_totalling

    for n in range(3):
        _submit(world, n, marks_totalling(Decimal(total)))
    group = ev.evaluation_conclude(actor=world["authority"], application=world["application"])
    assert group.total == Decimal(total) and group.passed is passed
