from decimal import Decimal

import pytest

from skillcert.core.audit import audit_verify
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.scoring.models import Result
from skillcert.scoring.services import ScoreInput, decide_pass, parse_score, results_set

D = Decimal


@pytest.mark.parametrize(
    ("theory", "practical", "passed"),
    [
        (D(60), D(60), True),
        (D("59.9"), D(100), False),
        (D(100), D("59.5"), False),
        (D(75), None, None),
        (None, None, None),
    ],
)
def test_pass_needs_both_subjects_at_the_mark_SCORE_01(theory, practical, passed):
    assert decide_pass(theory, practical) is passed


def test_pass_mark_is_a_setting_SCORE_01(settings):
    settings.SKILLCERT_RULES = {"pass_mark": 70}
    assert decide_pass(D(65), D(80)) is False
    assert decide_pass(D(70), D(70)) is True


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("abc", "score_format"),
        ("101", "score_range"),
        ("-1", "score_range"),
        ("80.25", "score_precision"),
        ("NaN", "score_range"),
    ],
)
def test_bad_scores_are_refused_with_the_reason(raw, code):
    with pytest.raises(DomainError) as exc:
        parse_score(raw, field="理论成绩")
    assert exc.value.code == code


def test_absent_scores_zero_and_fails_SCORE_01(sitting, enrol):
    reg = enrol(sitting, 1)[0]
    assert parse_score("缺考", field="x") == (D(0), True)
    results_set(
        actor=None, sitting=sitting, items=[ScoreInput(reg.pk, None, D(90), theory_absent=True)]
    )
    result = Result.objects.get(registration=reg)
    assert (result.theory_score, result.theory_absent, result.passed) == (D(0), True, False)
    assert result.practical_score == D(90)


def test_every_change_is_in_the_audit_chain_REC_09(sitting, enrol):
    reg = enrol(sitting, 1)[0]
    results_set(actor=None, sitting=sitting, items=[ScoreInput(reg.pk, D(50), D(70))])
    results_set(actor=None, sitting=sitting, items=[ScoreInput(reg.pk, D(65), D(70))])
    results_set(actor=None, sitting=sitting, items=[ScoreInput(reg.pk, D(65), D(70))])  # no change
    entries = list(AuditEntry.objects.filter(action="result.set").order_by("id"))
    assert len(entries) == 2
    assert entries[1].before["theory"] == "50.0" and entries[1].after["theory"] == "65.0"
    assert entries[1].after["passed"] is True
    assert audit_verify().ok


def test_all_or_nothing_when_one_row_is_foreign(sitting, enrol, institution):
    reg = enrol(sitting, 1)[0]
    with pytest.raises(DomainError):
        results_set(
            actor=None,
            sitting=sitting,
            items=[ScoreInput(reg.pk, D(80), D(80)), ScoreInput(999999, D(80), D(80))],
        )
    assert not Result.objects.exists()
