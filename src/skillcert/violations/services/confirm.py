"""Confirming a violation (VIOL-01..06): the effect of its rule, applied in one transaction:
certificate voided and correction noticed first (VIOL-05), then scores (scoring's service),
then for VIOL-04 the ban until graduation and, for false material, the registration
cancelled (plans' service)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.certificates.selectors import valid_certificate_for_update
from skillcert.certificates.services import certificate_void
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.four_eyes import require_other_person
from skillcert.core.rules import rules
from skillcert.plans.models import Registration
from skillcert.plans.registration.bans import ban_add
from skillcert.plans.registration.sanctions import registration_cancel_for_violation
from skillcert.scoring.models import PRACTICAL, THEORY, Result
from skillcert.scoring.services.sanctions import result_zero_for_violation

from ..categories import CANCEL_ALL, CANCEL_ALL_BAN, FALSE_MATERIAL
from ..models import CorrectionNotice, Violation
from .records import REASON_MAX, _snapshot, _user

GRADUATION_MONTH_DAY = (7, 31)  # VIOL-04: "until graduation" = 31 July of the graduating year


def ban_end(registration: Registration, *, graduation_on: date | None, today: date) -> tuple:
    """VIOL-04 ban end as (until, graduation_on) for plans.Ban.

    - an entered graduation date wins (it must be after today);
    - else the graduating year's 31 July, if that is still ahead;
    - a student (school level given) with no usable year must have a date entered;
    - a non-student (staff, social candidate) or a student who has already graduated has no
      graduation to wait for: barred `viol04_ban_years_no_graduation` years (RuleSettings).
    """
    if graduation_on is not None:
        if graduation_on <= today:
            raise DomainError(
                "graduation_past", "毕业日期应晚于今天", field="graduation_on", rule="VIOL-04"
            )
        return None, graduation_on
    if registration.graduating_year:
        month, day = GRADUATION_MONTH_DAY
        try:
            graduates = date(registration.graduating_year, month, day)
        except ValueError:
            graduates = None
        if graduates is not None and graduates > today:
            return None, graduates
        return _years_on(today), None
    if registration.school_level:
        raise DomainError(
            "graduation_unknown",
            "该考生为在校生但毕业年份未知，请填写毕业日期（禁考至毕业）",
            field="graduation_on",
            rule="VIOL-04",
        )
    return _years_on(today), None


def _years_on(today: date) -> date:
    years = rules().viol04_ban_years_no_graduation
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def _apply_scores(*, actor, violation: Violation, registration: Registration) -> Result:
    if violation.effect in (CANCEL_ALL, CANCEL_ALL_BAN):
        subjects = (THEORY, PRACTICAL)
    elif violation.subject == Violation.THEORY:
        subjects = (THEORY,)
    else:
        subjects = (PRACTICAL,)
    return result_zero_for_violation(
        actor=actor,
        registration=registration,
        subjects=subjects,
        basis={"violation": violation.pk, "rule": violation.rule},
    )


def _void_certificate(*, actor, violation: Violation, registration: Registration):
    """VIOL-05: void a valid certificate and note the correction of data sent upward."""
    cert = valid_certificate_for_update(registration=registration)
    if cert is None:
        return None
    label = violation.get_category_display().split(" ", 1)[-1]
    reason = f"违纪违规（{violation.rule}）：{label}，考试成绩无效"[: REASON_MAX - 1]
    # The void's hook writes the one correction notice (CERT-08, violations.corrections).
    certificate_void(
        actor=actor,
        certificate=cert,
        reason=reason,
        basis={"violation": violation.pk, "rule": violation.rule},
    )
    return CorrectionNotice.objects.get(certificate=cert)


def _cancel_registration(*, actor, violation: Violation, registration: Registration) -> None:
    """PLAN-08 / VIOL-04: eligibility obtained by false material cancels the registration."""
    registration_cancel_for_violation(
        actor=actor,
        registration=registration,
        reason=f"以虚假材料等非正当手段取得考试资格（{violation.rule}）",
        basis={"violation": violation.pk},
    )


@transaction.atomic
def violation_confirm(
    *,
    actor,
    violation: Violation,
    graduation_on: date | None = None,
    today: date | None = None,
) -> Violation:
    """Apply the rule's effect (VIOL-01..06), in one transaction with audit entries:
    certificate voided and correction noticed first (VIOL-05), then scores, then for VIOL-04
    the ban until graduation and, for false material, the registration cancelled (PLAN-08)."""
    today = today or timezone.localdate()
    violation = Violation.objects.select_for_update().get(pk=violation.pk)
    if violation.status != Violation.RECORDED:
        raise DomainError(
            "not_recorded",
            f"该违纪记录状态为“{violation.get_status_display()}”，不能确认",
        )
    require_other_person(
        maker=violation.recorded_by,
        approver=actor,
        rule="VIOL-05",
        record="违纪记录",
        may_approve="记录人以外的本机构负责人或考务人员",
        made="记录",
        act="确认",
    )
    registration = Registration.objects.select_for_update().get(pk=violation.registration_id)
    if registration.status not in (Registration.APPROVED, Registration.CANCELLED):
        raise DomainError(
            "registration_status",
            f"报名状态为“{registration.get_status_display()}”，不能处理",
            field="registration",
        )
    before = _snapshot(violation)
    ends = None
    if violation.effect == CANCEL_ALL_BAN:  # checked before anything is written
        ends = ban_end(registration, graduation_on=graduation_on, today=today)
    notice = _void_certificate(actor=actor, violation=violation, registration=registration)
    if notice is not None:
        violation.found_after_sitting = True
    _apply_scores(actor=actor, violation=violation, registration=registration)
    if violation.effect == CANCEL_ALL_BAN:
        until, graduates = ends
        label = violation.get_category_display().split(" ", 1)[-1]
        violation.ban = ban_add(
            actor=actor,
            person=registration.person,
            institution=None,  # VIOL-04: barred from assessment everywhere
            reason=f"违纪违规：{label}"[:REASON_MAX],
            rule="VIOL-04",
            until=until,
            graduation_on=graduates,
            registration=registration,
        )
        if violation.category == FALSE_MATERIAL:
            _cancel_registration(actor=actor, violation=violation, registration=registration)
    violation.status = Violation.CONFIRMED
    violation.confirmed_by = _user(actor)
    violation.confirmed_at = timezone.now()
    violation.save()
    audit_record(
        actor=actor,
        action="violation.confirm",
        obj=violation,
        before=before,
        after={
            **_snapshot(violation),
            "ban": violation.ban_id,
            "certificate_voided": notice.certificate_number if notice else None,
        },
    )
    return violation
