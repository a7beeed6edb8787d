"""Writes of plans.Registration on a confirmed violation, called by violations (PLAN-08 /
VIOL-04). The ban itself is `ban_add`."""

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record

from ..models import Registration


@transaction.atomic
def registration_cancel_for_violation(
    *, actor, registration: Registration, reason: str, basis: dict
) -> Registration:
    """PLAN-08 / VIOL-04: eligibility obtained by false material cancels the registration;
    audited as `registration.cancel_violation` with `basis` (the violation). A registration
    already cancelled stays as it is."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.CANCELLED:
        return registration
    before = {"status": registration.status, "reason": registration.decision_reason}
    registration.status = Registration.CANCELLED
    registration.decision_reason = reason
    registration.decided_at = timezone.now()
    registration.save(update_fields=["status", "decision_reason", "decided_at"])
    audit_record(
        actor=actor,
        action="registration.cancel_violation",
        obj=registration,
        before=before,
        after={"status": registration.status, "reason": registration.decision_reason, **basis},
    )
    return registration
