"""Recording a violation (VIOL-01..06) with its evidence, adding evidence, withdrawing it."""

import contextlib
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from skillcert.certificates.selectors import registration_certified
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration

from .. import evidence as ev
from ..categories import (
    PHONE_RANG_ONLY,
    RANG_ONLY_MESSAGE,
    category_get,
)
from ..models import Violation, ViolationEvidence

NOTES_MAX = 2000
REASON_MAX = 200
CLOCK_SKEW = timedelta(minutes=5)


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
    certified = registration_certified(registration=registration)
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
