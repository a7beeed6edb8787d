"""Writes of violations (VIOL-01..06), every change in the audit chain (REC-09).

Who does what:
- A proctor or examiner of the sitting, or exam-affairs staff, *records* a violation
  (`violation_record`): category, subject, time, notes, evidence. Nothing changes yet.
- An exam-affairs manager (director or exam-affairs member) *confirms* it
  (`violation_confirm`); the effect of its rule is applied then, in one transaction.
- Before confirmation the record may be *withdrawn* (`violation_withdraw`). After it, a
  change goes through an appeal (SCORE-05), which is not part of this app.

Scores: the rule's effect is written by scoring's own `sanctions.result_zero_for_violation`
(audited `result.violation`; why not `results_set` is told there); a cancelled (取消) and a
cheating (0分) subject are both 0.0, failed, and pages show "取消" or "0分（作弊）" from the
Violation row. A registration obtained by false material is cancelled by plans'
`sanctions.registration_cancel_for_violation`.

VIOL-05: when the registration already has a valid certificate, it is voided first through
`certificates.services.certificate_void` (reason and basis: the violation); its hook
(`corrections.notice_certificate_void`) creates the CorrectionNotice for the data already
sent upward, as for every other void (CERT-08).
"""

import contextlib
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from skillcert.certificates.models import Certificate
from skillcert.certificates.services import certificate_void
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.four_eyes import require_other_person
from skillcert.core.rules import rules
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration
from skillcert.plans.registration_services import ban_add
from skillcert.plans.sanctions import registration_cancel_for_violation
from skillcert.scoring.models import PRACTICAL, THEORY, Result
from skillcert.scoring.sanctions import result_zero_for_violation

from . import evidence as ev
from .categories import (
    CANCEL_ALL,
    CANCEL_ALL_BAN,
    FALSE_MATERIAL,
    PHONE_RANG_ONLY,
    RANG_ONLY_MESSAGE,
    category_get,
)
from .models import CorrectionNotice, Violation, ViolationEvidence

NOTES_MAX = 2000
REASON_MAX = 200
CLOCK_SKEW = timedelta(minutes=5)
GRADUATION_MONTH_DAY = (7, 31)  # VIOL-04: "until graduation" = 31 July of the graduating year


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _snapshot(v: Violation) -> dict:
    return {
        "registration": v.registration_id,
        "category": v.category,
        "rule": v.rule,
        "effect": v.effect,
        "subject": v.subject,
        "occurred_at": v.occurred_at,
        "found_after_sitting": v.found_after_sitting,
        "status": v.status,
    }


# --- recording --------------------------------------------------------------------------------


def _check_fields(*, category: str, subject: str, occurred_at, notes: str):
    if category == PHONE_RANG_ONLY:
        raise DomainError("rang_only", RANG_ONLY_MESSAGE, field="category", rule="VIOL-06")
    cat = category_get(category or "")
    if cat is None:
        raise DomainError("category", "请选择违纪违规行为", field="category")
    if cat.per_subject:
        if subject not in (Violation.THEORY, Violation.PRACTICAL):
            raise DomainError(
                "subject",
                f"{cat.rule}按科目处理，请选择理论知识考试或操作技能考核",
                field="subject",
                rule=cat.rule,
            )
    else:
        subject = Violation.ALL  # VIOL-03 / VIOL-04 cancel every subject of the sitting
    if not isinstance(occurred_at, datetime):
        raise DomainError("occurred_at", "请填写发生时间", field="occurred_at")
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    if occurred_at > timezone.now() + CLOCK_SKEW:
        raise DomainError("occurred_at_future", "发生时间不能晚于现在", field="occurred_at")
    notes = (notes or "").strip()
    if not notes:
        raise DomainError(
            "notes", "请填写情况记录（时间、地点、经过、处理）", field="notes", rule=cat.rule
        )
    if len(notes) > NOTES_MAX:
        raise DomainError("notes_long", f"情况记录不能超过{NOTES_MAX}字", field="notes")
    return cat, subject, occurred_at, notes


def _check_evidence(files: list[tuple[str, bytes]], already: int = 0) -> list[tuple]:
    if len(files) + already > ev.MAX_FILES:
        raise DomainError(
            "evidence_count", f"每条违纪记录最多{ev.MAX_FILES}个证据文件", field="evidence"
        )
    return [(ev.clean_name(name), data, ev.evidence_check(name, data)) for name, data in files]


def _store_evidence(*, actor, violation: Violation, checked: list[tuple], saved: list) -> list:
    """Save the sealed files; `saved` collects what was written so a caller whose
    transaction fails can remove it (no evidence file is left without its record)."""
    rows = []
    for name, data, kind in checked:
        row = ViolationEvidence(
            institution_id=violation.institution_id,
            violation=violation,
            filename=name,
            content_type=kind,
            size=len(data),
            sha256=ev.digest(data),
            uploaded_by=_user(actor),
        )
        sealed = ev.sealed_file(data)
        row.file.save(sealed.name, sealed, save=False)
        saved.append((row.file.storage, row.file.name))
        row.save()
        rows.append(row)
    return rows


def _remove(saved: list) -> None:
    for storage, name in saved:
        with contextlib.suppress(OSError):  # best effort; the row never committed
            storage.delete(name)


@transaction.atomic
def violation_record(
    *,
    actor,
    institution: Institution,
    registration: Registration,
    category: str,
    subject: str = "",
    occurred_at: datetime,
    notes: str,
    found_after_sitting: bool = False,
    evidence: list[tuple[str, bytes]] | None = None,
) -> Violation:
    """Record a violation (not yet applied); evidence files are checked before anything is
    written: all or nothing."""
    cat, subject, occurred_at, notes = _check_fields(
        category=category, subject=subject, occurred_at=occurred_at, notes=notes
    )
    checked = _check_evidence(list(evidence or []))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.institution_id != institution.pk:
        raise DomainError("registration", "该考生不属于本机构", field="registration")
    if registration.status != Registration.APPROVED:
        raise DomainError(
            "registration_status",
            f"{registration.person.name}的报名状态为“{registration.get_status_display()}”，"
            "不能登记违纪",
            field="registration",
        )
    certified = Certificate.objects.filter(registration=registration).exists()
    violation = Violation.objects.create(
        institution=institution,
        registration=registration,
        category=cat.code,
        rule=cat.rule,
        effect=cat.effect,
        subject=subject,
        occurred_at=occurred_at,
        found_after_sitting=bool(found_after_sitting) or certified,  # VIOL-05
        notes=notes,
        recorded_by=_user(actor),
    )
    _store_audited(
        actor=actor,
        violation=violation,
        checked=checked,
        action="violation.record",
        after=lambda rows: {**_snapshot(violation), "evidence": [f.sha256 for f in rows]},
    )
    return violation


def _store_audited(*, actor, violation: Violation, checked, action: str, after) -> list:
    """Store checked evidence and audit it (`after(rows)`); on any failure the files written
    so far are removed too (the transaction takes back their rows, not the files)."""
    saved: list = []
    try:
        rows = _store_evidence(actor=actor, violation=violation, checked=checked, saved=saved)
        audit_record(actor=actor, action=action, obj=violation, after=after(rows))
    except BaseException:
        _remove(saved)
        raise
    return rows


@transaction.atomic
def evidence_add(*, actor, violation: Violation, files: list[tuple[str, bytes]]) -> list:
    """More evidence for a violation not yet withdrawn."""
    violation = Violation.objects.select_for_update().get(pk=violation.pk)
    if violation.status == Violation.WITHDRAWN:
        raise DomainError("withdrawn", "该违纪记录已撤回，不能再添加证据", field="evidence")
    if not files:
        raise DomainError("evidence_missing", "请选择证据文件", field="evidence")
    checked = _check_evidence(list(files), already=violation.evidence.count())
    return _store_audited(
        actor=actor,
        violation=violation,
        checked=checked,
        action="violation.evidence_add",
        after=lambda rows: {"evidence": [(r.filename, r.sha256) for r in rows]},
    )


@transaction.atomic
def violation_withdraw(*, actor, violation: Violation, reason: str) -> Violation:
    """Withdraw a recorded violation before confirmation; confirmed ones need an appeal."""
    violation = Violation.objects.select_for_update().get(pk=violation.pk)
    if violation.status != Violation.RECORDED:
        raise DomainError(
            "not_recorded",
            f"该违纪记录状态为“{violation.get_status_display()}”，只有待确认的记录可以撤回；"
            "已确认的处理须通过申诉复核更改",
            field="reason",
        )
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError("reason", "请填写撤回原因", field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError("reason_long", f"撤回原因不能超过{REASON_MAX}字", field="reason")
    before = _snapshot(violation)
    violation.status = Violation.WITHDRAWN
    violation.withdrawn_reason = reason
    violation.save(update_fields=["status", "withdrawn_reason"])
    audit_record(
        actor=actor,
        action="violation.withdraw",
        obj=violation,
        before=before,
        after={**_snapshot(violation), "reason": reason},
    )
    return violation


# --- confirming: the effect of the rule --------------------------------------------------------


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
    cert = (
        Certificate.objects.select_for_update()
        .filter(registration=registration, status=Certificate.VALID)
        .first()
    )
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


# --- correction notices (VIOL-05) ------------------------------------------------------------


@transaction.atomic
def correction_notices_mark_sent(
    *, actor, institution: Institution, notice_ids: list[int]
) -> list[CorrectionNotice]:
    """A report or export to the authority sent these corrections; mark them sent."""
    ids = sorted({int(i) for i in notice_ids})
    if not ids:
        raise DomainError("nothing_chosen", "请选择要标记的更正通知", field="ids")
    notices = list(
        CorrectionNotice.objects.select_for_update().filter(institution=institution, pk__in=ids)
    )
    if len(notices) != len(ids):
        raise DomainError("not_found", "部分更正通知不存在或不属于本机构", field="ids")
    now = timezone.now()
    for n in notices:
        if n.sent:
            continue
        n.sent, n.sent_at, n.sent_by = True, now, _user(actor)
        n.save(update_fields=["sent", "sent_at", "sent_by"])
        audit_record(
            actor=actor,
            action="correction_notice.sent",
            obj=n,
            before={"sent": False},
            after={"sent": True, "certificate": n.certificate_number},
        )
    return notices
