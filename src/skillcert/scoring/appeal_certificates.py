"""An accepted appeal on a certified candidate (SCORE-05 with CERT-04/06, issue 16 item 9).

The corrected score is written by `results_set(certificate_settled=True)`; this module then
settles the certificate through the certificates app's own services, in the same
transaction, each step audited with the appeal as its basis:

- the corrected result fails: the certificate is voided (CERT-04: only a pass is certified);
  no PLAN-09 ban, a correction is no sanction of the holder;
- it still passes: what the certificate shows (CERT-03: name, ID, occupation, level,
  number, issuer, date) holds no score, so its content is unchanged; the certificate stands
  and an audit entry says so.
"""

from skillcert.core.audit import audit_record

from .models import PRACTICAL, Appeal, Result

SUBJECT_LABELS = {PRACTICAL: "操作技能"}


def appeal_settle_certificate(*, actor, appeal: Appeal) -> dict | None:
    """Void or keep the valid certificate of the appeal's registration; None if it has none."""
    from skillcert.certificates.models import Certificate
    from skillcert.certificates.services import certificate_void

    cert = (
        Certificate.objects.select_for_update()
        .filter(registration_id=appeal.registration_id, status=Certificate.VALID)
        .first()
    )
    if cert is None:
        return None
    result = Result.objects.get(pk=appeal.result_id)
    basis = {"appeal": appeal.pk, "rule": "SCORE-05"}
    label = SUBJECT_LABELS.get(appeal.subject, "理论知识")
    change = f"{label}成绩经复核由{appeal.score_before}更正为{appeal.score_after}"
    if not result.passed:
        certificate_void(
            actor=actor,
            certificate=cert,
            reason=f"{change}，更正后不合格（成绩复核申请第{appeal.pk}号，SCORE-05）",
            revoked=False,
            basis=basis,
        )
        return {"number": cert.number, "action": "voided"}
    audit_record(
        actor=actor,
        action="certificate.kept",
        obj=cert,
        after={
            "number": cert.number,
            "status": cert.status,
            "reason": f"{change}，仍合格，证书内容不变",
            "basis": basis,
        },
    )
    return {"number": cert.number, "action": "kept"}


def under_practical_appeal(registration_ids) -> set[int]:
    """Registrations with a pending practical appeal: their panel may re-score and re-sign
    although a certificate was issued (SCORE-03/05); the appeal's answer then settles the
    certificate here."""
    return set(
        Appeal.objects.filter(
            registration_id__in=list(registration_ids),
            subject=PRACTICAL,
            status=Appeal.PENDING,
        ).values_list("registration_id", flat=True)
    )
