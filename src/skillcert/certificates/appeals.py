"""An accepted appeal on a certified candidate (SCORE-05 with CERT-04/06, issue 16 item 9).

Scoring writes the corrected score by `results_set(certificate_settled=True)` and then
sends `scoring.signals.appeal_decided` inside the appeal's transaction; this receiver
settles the certificate through this app's own services, each step audited with the
appeal as its basis:

- the corrected result fails: the certificate is voided (CERT-04: only a pass is certified);
  no PLAN-09 ban, a correction is no sanction of the holder;
- it still passes: what the certificate shows (CERT-03: name, ID, occupation, level,
  number, issuer, date) holds no score, so its content is unchanged; the certificate stands
  and an audit entry says so.
"""

from skillcert.core.audit import audit_record
from skillcert.scoring.models import PRACTICAL, Appeal, Result

from .models import Certificate
from .services import certificate_void

SUBJECT_LABELS = {PRACTICAL: "操作技能"}


def appeal_settle_certificate(*, actor, appeal: Appeal, **_signal) -> dict | None:
    """Void or keep the valid certificate of the appeal's registration; None if it has none."""
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
