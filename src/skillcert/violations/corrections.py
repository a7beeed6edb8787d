"""CERT-08 / VIOL-05: every void of an issued certificate yields one data-correction notice.

Connected to `certificates.signals.certificate_voided` in `ViolationsConfig.ready`, so the
violation path, the appeal path (certificates.appeals, on scoring.signals.appeal_decided)
and a manual void all go through this one place. Runs inside certificate_void's
transaction: the notice and its audit entry are written with the void or not at all.
"""

from skillcert.core.audit import audit_record

from .models import CorrectionNotice, Violation

REASON_MAX = 200


def notice_certificate_void(sender, *, actor, certificate, reason, basis=None, **kwargs):
    basis = dict(basis or {})
    violation = None
    if basis.get("violation"):
        violation = Violation.objects.filter(pk=basis["violation"]).first()
    notice, created = CorrectionNotice.objects.get_or_create(
        certificate=certificate,
        defaults={
            "institution_id": certificate.institution_id,
            "certificate_number": certificate.number,
            "violation": violation,
            "reason": reason[:REASON_MAX],
            "basis": basis,
        },
    )
    if created:
        audit_record(
            actor=actor,
            action="correction_notice.create",
            obj=notice,
            after={
                "certificate": certificate.number,
                "violation": violation.pk if violation else None,
                "reason": notice.reason,
                "basis": basis,
            },
        )
    return notice
