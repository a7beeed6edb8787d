"""Submission (INST-05/06/07 checked) and the authority's preliminary review and
confirmation (INST-02), through filings.flow.application_move."""

from __future__ import annotations

from fractions import Fraction

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.institutions import services as inst
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import with_valid_filing
from skillcert.itembank.models import Item
from skillcert.plans.models import Sitting

from ..flow import application_move
from ..models import FilingApplication as A
from ..models import FilingStep
from ..selectors import missing_items, new_occupation_ids
from .application import scope_item_check
from .base import _editable


def _check_incremental(application: A) -> None:
    """INST-05: ran >= 2/3 of the filed occupations; experts, examiners, supervisors, items
    and sites for each new occupation."""
    institution = application.institution
    filed = set(institution.scope_rows.values_list("occupation_id", flat=True))
    today = timezone.localdate()
    held = Sitting.objects.filter(institution=institution, occupation_id__in=filed).filter(
        Q(status=Sitting.CLOSED) | Q(theory_on__lte=today) | Q(practical_on__lte=today)
    )
    ran = set(held.values_list("occupation_id", flat=True))
    need = Fraction(rules().filing_ran_share)
    if filed and Fraction(len(ran), len(filed)) < need:
        raise DomainError(
            "incremental_ran",
            f"增量备案须已开展不少于{need.numerator}/{need.denominator}的已备案职业"
            f"（已备案{len(filed)}个，已开展{len(ran)}个）",
            rule="INST-05",
        )
    content = application.sections or {}
    for item in application.scope_items.select_related("occupation"):
        if item.occupation_id in filed:
            continue
        name = item.occupation.name
        checks = [
            ("专家", any(name in r.get("major", "") for r in content.get("experts", []))),
            ("考评人员", any(r.get("occupation") == name for r in content.get("examiners", []))),
            ("内部质量监督人员", bool(content.get("supervisors"))),
            (
                "题库试题",
                Item.objects.filter(institution=institution, occupation=item.occupation).exists(),
            ),
            (
                "考核场地",
                any(r.get("occupation") == name for r in content.get("sites", [])),
            ),
        ]
        for what, ok in checks:
            if not ok:
                raise DomainError(
                    "incremental_resources",
                    f"增量申报的职业“{name}”缺少{what}",
                    field="scope",
                    rule="INST-05",
                )


def _check_saturation(application: A) -> None:
    """INST-06: no new occupation where the region's filed institutions already cover it at
    the saturation share (a setting), counted from the directory (valid filings)."""
    institution = application.institution
    city = institution.region_code[:4]
    region = with_valid_filing(
        Institution.objects.filter(region_code__startswith=city), on=timezone.localdate()
    ).exclude(pk=institution.pk)
    total = region.count() + (1 if institution.status == Institution.FILED else 0)
    if not total:
        return
    limit = Fraction(rules().region_saturation_share)
    new = new_occupation_ids(application)
    for item in application.scope_items.select_related("occupation"):
        if item.occupation_id not in new:
            continue
        covering = region.filter(scope_rows__occupation=item.occupation).distinct().count()
        if Fraction(covering, total) >= limit:
            raise DomainError(
                "region_saturated",
                f"本地区已备案机构中已有{covering}/{total}家开展“{item.occupation.name}”，"
                f"达到饱和度{limit.numerator}/{limit.denominator}，不再新增",
                field="scope",
                rule="INST-06",
            )


def _check_social_cap(application: A) -> None:
    """INST-07: filed occupations, less those swapped out, plus the new ones, at most 5."""
    institution = application.institution
    filed = set(institution.scope_rows.values_list("occupation_id", flat=True))
    items = list(application.scope_items.select_related("swap_out"))
    out = {i.swap_out.occupation_id for i in items if i.swap_out_id is not None}
    after = (filed - out) | {i.occupation_id for i in items}
    inst.social_cap_check(institution, after, filed=len(filed))


@transaction.atomic
def application_submit(*, actor, application: A) -> A:
    """Submit (or resubmit) after the checklist is empty and every rule holds (INST-02)."""
    application = _editable(application)
    missing = missing_items(application)
    if missing:
        first = missing[0]
        raise DomainError(
            "filing_incomplete",
            f"申请尚不完整（{len(missing)}项）：{'；'.join(m.message for m in missing[:5])}",
            field=first.section,
            rule=first.rule,
        )
    for item in application.scope_items.select_related("occupation", "job_type", "standard"):
        scope_item_check(application, item)
    _check_social_cap(application)
    _check_saturation(application)
    if application.kind == A.INCREMENTAL:
        _check_incremental(application)
    return application_move(
        actor=actor,
        application=application,
        decision=FilingStep.SUBMIT,
        expected_state=application.state,
    )


# --- the authority's steps: preliminary review, confirmation ------------------------------------

AUTHORITY_STEPS = {A.SUBMITTED: "初审", A.CONFIRMATION: "确认"}


@transaction.atomic
def authority_decide(*, actor, application: A, step: str, decision: str, reasons: str = "") -> A:
    """The preliminary review (by the receiving department, INST-02) or the confirmation:
    pass, or return with reasons. `step` is the state the decider saw (a stale page fails)."""
    if step not in AUTHORITY_STEPS:
        raise DomainError("filing_step", "该环节不在此办理", field="step", rule="INST-02")
    if decision not in (FilingStep.PASS, FilingStep.RETURN):
        raise DomainError("filing_decision", "处理结果应为通过或退回", field="decision")
    return application_move(
        actor=actor,
        application=application,
        decision=decision,
        reasons=(reasons or "")[:2000],
        expected_state=step,
    )
