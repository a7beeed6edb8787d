"""Membership, suspension and reinstatement (INST-09), and recorded changes (INST-08)."""

from django.db import transaction

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError

from ..models import Institution, Membership


def membership_add(*, institution: Institution, user, role: str) -> Membership:
    if role not in dict(Membership.ROLES):
        raise DomainError("membership_role", f"角色“{role}”无效", field="role")
    membership, _ = Membership.objects.get_or_create(institution=institution, user=user, role=role)
    return membership


# --- INST-09: suspension; INST-08: an approved change of the record ----------------------------


@transaction.atomic
def institution_suspend(*, actor, institution: Institution, reason: str) -> Institution:
    """INST-09: an institution that broke its commitments is suspended: it leaves the
    directory and `filing_refusal` refuses it new work; its certificates stay verifiable."""
    reason = (reason or "").strip()
    if not reason or "\x00" in reason or len(reason) > 500:
        raise DomainError(
            "suspend_reason", "暂停须写明理由（500字以内）", field="reason", rule="INST-09"
        )
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.status != Institution.FILED:
        raise DomainError(
            "suspend_status",
            f"{institution.name}当前为“{institution.get_status_display()}”，不能暂停",
            rule="INST-09",
        )
    institution.status = Institution.SUSPENDED
    institution.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="institution.suspend",
        obj=institution,
        before={"status": Institution.FILED},
        after={"status": institution.status, "reason": reason},
        institution_id=institution.pk,
    )
    return institution


@transaction.atomic
def institution_reinstate(*, actor, institution: Institution, reason: str) -> Institution:
    """INST-09: the authority lifts a suspension (audited)."""
    reason = (reason or "").strip()
    if not reason or "\x00" in reason or len(reason) > 500:
        raise DomainError("reinstate_reason", "恢复须写明理由", field="reason", rule="INST-09")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.status != Institution.SUSPENDED:
        raise DomainError("reinstate_status", f"{institution.name}未被暂停", rule="INST-09")
    institution.status = Institution.FILED
    institution.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="institution.reinstate",
        obj=institution,
        before={"status": Institution.SUSPENDED},
        after={"status": institution.status, "reason": reason},
        institution_id=institution.pk,
    )
    return institution


CHANGEABLE = ("legal_rep", "name", "address")


@transaction.atomic
def institution_record_change(
    *, actor, institution: Institution, field: str, value: str, basis: str
) -> Institution:
    """INST-08: the record changes only here, called on the authority's approval of a change
    application (`basis` names it), audited with the old and new value."""
    if field not in CHANGEABLE:
        raise DomainError("change_field", f"不能通过变更申请修改{field}", rule="INST-08")
    value = (value or "").strip()
    limit = Institution._meta.get_field(field).max_length
    if not value or "\x00" in value or len(value) > limit:
        label = Institution._meta.get_field(field).verbose_name
        raise DomainError(
            "change_value", f"{label}不能为空且不超过{limit}个字符", field="new_value"
        )
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    before = getattr(institution, field)
    setattr(institution, field, value)
    institution.save(update_fields=[field])
    audit_record(
        actor=actor,
        action="institution.record_change",
        obj=institution,
        before={field: before},
        after={field: value, "basis": basis},
        institution_id=institution.pk,
    )
    return institution
