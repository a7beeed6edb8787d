"""The director's decision on a pending request of the institution: a sitting change (ARR-10)
or a late announcement (PLAN-02). One piece, so both refuse and audit alike."""

from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution, Membership
from skillcert.institutions.selectors import roles_of


def is_director(user, institution: Institution) -> bool:
    return Membership.DIRECTOR in roles_of(user, institution)


def director_decide(
    *, actor, record, approve: bool, reason: str, code: str, what: str, rule: str, action: str
):
    """Approve or reject `record` (locked by the caller; PENDING/APPROVED/REJECTED statuses,
    decided_by/decision_reason/decided_at fields) with the director's reason, audited as
    `<action>.approve|reject`. Error codes are `<code>_not_director`, `<code>_decided`,
    `<code>_decision_reason`; `what` names the request in the refusal."""
    reason = (reason or "").strip()
    if not is_director(actor, record.institution):
        raise DomainError(f"{code}_not_director", f"只有机构负责人可以审批{what}", rule=rule)
    if record.status != record.PENDING:
        raise DomainError(f"{code}_decided", "该申请已审批", rule=rule)
    if not reason:
        raise DomainError(
            f"{code}_decision_reason", "请填写审批意见", field="decision_reason", rule=rule
        )
    record.status = record.APPROVED if approve else record.REJECTED
    record.decided_by = actor
    record.decision_reason = reason
    record.decided_at = timezone.now()
    record.save(update_fields=["status", "decided_by", "decision_reason", "decided_at"])
    audit_record(
        actor=actor,
        action=f"{action}.approve" if approve else f"{action}.reject",
        obj=record,
        before=record.PENDING,
        after={"status": record.status, "reason": record.decision_reason},
    )
    return record
