"""Rule values live in one settings object (house rule), e.g. SCORE-01 pass mark."""

from decimal import Decimal

import pytest
from django.test import override_settings

from skillcert.core.rules import rules


def test_score_01_default_pass_mark_is_60():
    assert rules().pass_mark == Decimal("60")


def test_override_in_settings_applies_with_the_right_type():
    with override_settings(SKILLCERT_RULES={"pass_mark": 70, "plan_report_workdays": "15"}):
        r = rules()
    assert r.pass_mark == Decimal("70") and isinstance(r.pass_mark, Decimal)
    assert r.plan_report_workdays == 15  # PLAN-03: 002 uses 15 working days


def test_unknown_rule_key_raises_naming_it():
    with override_settings(SKILLCERT_RULES={"pass_mrak": 70}), pytest.raises(ValueError) as exc:
        rules()
    assert "pass_mrak" in str(exc.value)
