"""INST-02: the filing flow's one writer, `filings.flow.application_move`."""

import pytest

from skillcert.core.audit import AuditEntry
from skillcert.core.errors import DomainError
from skillcert.filings.flow import application_move
from skillcert.filings.models import FilingApplication, FilingStep
from skillcert.institutions import services as inst
from skillcert.institutions.models import Institution
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    institution = inst.institution_create(
        actor=None,
        kind=Institution.COLLEGE,
        name="申请学院",
        credit_code=f.credit_code(901),
        region_code="410102",
    )
    manager = f.member(institution, role="director")
    application = FilingApplication.objects.create(institution=institution, created_by=manager)
    return {
        "application": application,
        "manager": manager,
        "authority": f.authority_user("410100"),
        "stranger": f.authority_user("420000"),
    }


def _move(world, who, decision, reasons=""):
    return application_move(
        actor=world[who], application=world["application"], decision=decision, reasons=reasons
    )


def test_inst_02_application_runs_every_step_to_publication(world):
    _move(world, "manager", FilingStep.SUBMIT)
    for _ in range(4):  # preliminary review, evaluation, confirmation, receipt
        _move(world, "authority", FilingStep.PASS)
    application = FilingApplication.objects.get(pk=world["application"].pk)
    assert application.state == FilingApplication.PUBLISHED
    assert application.decided_at is not None
    assert [s.decision for s in application.steps.all()] == ["submit"] + ["pass"] * 4
    actions = AuditEntry.objects.filter(object_id=str(application.pk)).values_list(
        "action", flat=True
    )
    assert list(actions) == ["filing.submit"] + ["filing.pass"] * 4


def test_inst_02_a_return_needs_reasons_and_the_applicant_resubmits(world):
    _move(world, "manager", FilingStep.SUBMIT)
    with pytest.raises(DomainError) as exc:
        _move(world, "authority", FilingStep.RETURN)
    assert exc.value.code == "filing_reasons"
    _move(world, "authority", FilingStep.RETURN, "缺少工作方案")
    assert FilingApplication.objects.get().state == FilingApplication.RETURNED
    _move(world, "manager", FilingStep.SUBMIT)
    assert FilingApplication.objects.get().state == FilingApplication.SUBMITTED


def test_inst_02_only_the_applicant_submits_and_only_the_region_decides(world):
    with pytest.raises(DomainError):
        _move(world, "authority", FilingStep.SUBMIT)
    _move(world, "manager", FilingStep.SUBMIT)
    with pytest.raises(DomainError) as exc:
        _move(world, "stranger", FilingStep.PASS)
    assert exc.value.code == "filing_forbidden"
    with pytest.raises(DomainError):
        _move(world, "manager", FilingStep.PASS)
    assert FilingApplication.objects.get().state == FilingApplication.SUBMITTED


def test_inst_02_a_step_the_flow_does_not_have_is_refused(world):
    with pytest.raises(DomainError) as exc:
        _move(world, "authority", FilingStep.PASS)  # a draft is not reviewed
    assert exc.value.code == "filing_move"
    _move(world, "manager", FilingStep.SUBMIT)
    with pytest.raises(DomainError):
        _move(world, "authority", FilingStep.REJECT, "否决项")  # rejection is the evaluation's
