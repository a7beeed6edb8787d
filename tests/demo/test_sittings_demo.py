"""Demo rows of issue 11 part C: the demo exam sitting's plan approved (its tickets and exam
work, INST-13), the second sitting's plan awaiting the demo authority, the first sitting's
results sent to the authority (INST-14)."""

import pytest
from django.core.management import call_command

from skillcert.arrangement.implementation import gate
from skillcert.arrangement.implementation.models import ImplementationPlan
from skillcert.demo.exam import SITTING as DEMO_EXAM_SITTING
from skillcert.plans.models import Sitting
from skillcert.scoring.models import ResultSubmission


@pytest.mark.django_db
def test_inst_13_demo_has_an_approved_plan_and_one_awaiting_approval(capsys):
    call_command("seed_demo")
    exam_sitting = Sitting.objects.get(name=DEMO_EXAM_SITTING)
    assert gate.sitting_refusal(exam_sitting) is None
    states = set(ImplementationPlan.objects.values_list("state", flat=True))
    assert states == {ImplementationPlan.APPROVED, ImplementationPlan.SUBMITTED}
    assert ResultSubmission.objects.filter(state=ResultSubmission.RECORDED).count() == 1
    assert "准考证号" in capsys.readouterr().out
