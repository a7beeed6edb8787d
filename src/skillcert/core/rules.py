"""Rule values that documents disagree on or an authority may change, with their rule IDs.

Override any of them in settings.SKILLCERT_RULES, e.g. {"pass_mark": 70}.
"""

from dataclasses import dataclass, fields, replace
from decimal import Decimal

from django.conf import settings


@dataclass(frozen=True)
class RuleSettings:
    pass_mark: Decimal = Decimal("60")  # SCORE-01: theory and practical each >= this
    full_mark: Decimal = Decimal("100")  # SCORE-01: scores are out of 100
    filing_valid_years: int = 3  # INST-04: a filing is valid 3 years
    filing_sequence_min: int = 9001  # INST-04 / CERT-01: site sequence range (004)
    filing_sequence_max: int = 9999
    plan_report_workdays: int = 10  # PLAN-03: implementation plan >= 10 working days before
    staff_title_years: int = 3  # PLAN-05: a title held >= 3 years
    verify_rate_per_minute: int = 30  # verification requests per address and minute
    import_background_rows: int = 2000  # roster files larger than this run as a task


def rules() -> RuleSettings:
    overrides = getattr(settings, "SKILLCERT_RULES", {}) or {}
    known = {f.name: f.type for f in fields(RuleSettings)}
    values = {}
    for key, value in overrides.items():
        if key not in known:
            raise ValueError(f"SKILLCERT_RULES has an unknown rule value {key!r}")
        default = getattr(RuleSettings, key)
        values[key] = type(default)(value)
    return replace(RuleSettings(), **values)
