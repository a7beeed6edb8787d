"""CERT-06 / VIOL-05 / PLAN-09: voiding a certificate, and the ban that follows a revocation."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.people.models import add_years
from skillcert.plans.models import Ban
from skillcert.plans.registration.bans import ban_add

from ..models import Certificate
from ..signals import certificate_voided

VOID_REASON_MAX = 200


@transaction.atomic
def certificate_void(
    *,
    actor,
    certificate: Certificate,
    reason: str,
    voided_on: date | None = None,
    revoked: bool = True,
    basis: dict | None = None,
) -> Certificate:
    """CERT-06 / VIOL-05: void a certificate; it stays on record, its number is never reused.

    PLAN-09: the holder of a revoked certificate is barred from registering anywhere for
    `rules().revoked_ban_years` from the void date, unless a PLAN-09 ban reaching that far
    already exists. `revoked=False` voids without the ban: a score corrected on appeal
    (SCORE-05) is no sanction of the holder. `basis` (e.g. {"appeal": 12}) goes into the
    audit entry.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError("void_reason", "请填写作废原因", field="reason", rule="CERT-06")
    if len(reason) > VOID_REASON_MAX:
        raise DomainError("void_reason", f"作废原因不能超过{VOID_REASON_MAX}字", field="reason")
    today = timezone.localdate()
    voided_on = voided_on or today
    if not isinstance(voided_on, date) or voided_on > today:
        raise DomainError("voided_on", "作废日期不能晚于今天", field="voided_on", rule="CERT-06")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == Certificate.VOID:
        raise DomainError("already_void", f"证书{certificate.number}已作废", rule="CERT-06")
    if voided_on < certificate.issued_on:
        raise DomainError(
            "voided_on", "作废日期不能早于发证日期", field="voided_on", rule="CERT-06"
        )
    certificate.status = Certificate.VOID
    certificate.void_reason = reason
    certificate.voided_on = voided_on
    certificate.save(update_fields=["status", "void_reason", "voided_on"])
    audit_record(
        actor=actor,
        action="certificate.void",
        obj=certificate,
        before={"number": certificate.number, "status": Certificate.VALID},
        after={
            "number": certificate.number,
            "status": Certificate.VOID,
            "reason": reason,
            "voided_on": voided_on,
            **({"basis": basis} if basis else {}),
        },
    )
    # CERT-08: the data already reported upward must be corrected, on every void path.
    certificate_voided.send(
        sender=Certificate, actor=actor, certificate=certificate, reason=reason, basis=basis
    )
    if not revoked:
        return certificate
    # PLAN-09: barred through the day before the anniversary of the void date.
    until = add_years(voided_on, rules().revoked_ban_years) - timedelta(days=1)
    covered = Ban.objects.filter(
        person_id=certificate.person_id,
        rule="PLAN-09",
        institution__isnull=True,
        until__gte=until,
    ).exists()
    if not covered:
        ban_add(
            actor=actor,
            person=certificate.person,
            institution=None,
            reason=f"证书{certificate.number}已作废：{reason}"[:200],
            rule="PLAN-09",
            until=until,
            registration=certificate.registration,
        )
    return certificate
