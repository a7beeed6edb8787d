"""Certificates handed over (CERT-09) and void notices before a replacement (CERT-10)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.certificates.models import Certificate, IssueRegister
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError

from ..actors import user_of
from ..models import HandoverSignature, VoidNotice


def _clean(value: str, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def _day(value, *, field: str, label: str, not_before: date, rule: str) -> date:
    if not isinstance(value, date):
        raise DomainError(field, f"请填写{label}", field=field)
    if value > timezone.localdate():
        raise DomainError(field, f"{label}不能晚于今天", field=field, rule=rule)
    if value < not_before:
        raise DomainError(field, f"{label}不能早于发证日期{not_before}", field=field, rule=rule)
    return value


@transaction.atomic
def handover_sign(
    *,
    actor,
    certificate: Certificate,
    signer: str,
    signed_on: date,
    agent_name: str = "",
    agent_relation: str = "",
) -> HandoverSignature:
    """CERT-09: the holder, or an agent named with their relation, signs for the certificate
    of an issued register on `signed_on`; once per certificate."""
    certificate = (
        Certificate.objects.select_for_update().select_related("register").get(pk=certificate.pk)
    )
    if certificate.register.status != IssueRegister.ISSUED:
        raise DomainError("register_not_issued", "名册尚未核发，不能发放证书", rule="CERT-09")
    if certificate.status != Certificate.VALID:
        raise DomainError("certificate_void", f"证书{certificate.number}已作废，不能发放")
    if signer not in dict(HandoverSignature.SIGNERS):
        raise DomainError("signer", "请选择签收人（本人或委托代领人）", field="signer")
    agent_name, agent_relation = _clean(agent_name, 50), _clean(agent_relation, 30)
    if signer == HandoverSignature.AGENT and not (agent_name and agent_relation):
        raise DomainError(
            "agent_name",
            "委托代领须填写代领人姓名及与持证人关系",
            field="agent_name",
            rule="CERT-09",
        )
    if signer == HandoverSignature.HOLDER:
        agent_name = agent_relation = ""
    signed_on = _day(
        signed_on,
        field="signed_on",
        label="签收日期",
        not_before=certificate.issued_on,
        rule="CERT-09",
    )
    if HandoverSignature.objects.filter(certificate=certificate).exists():
        raise DomainError(
            "signed",
            f"证书{certificate.number}已签收，不能重复发放",
            field="signer",
            rule="CERT-09",
        )
    row = HandoverSignature.objects.create(
        institution_id=certificate.institution_id,
        register=certificate.register,
        certificate=certificate,
        signer=signer,
        agent_name=agent_name,
        agent_relation=agent_relation,
        signed_on=signed_on,
        recorded_by=user_of(actor),
    )
    audit_record(
        actor=actor,
        action="certificate.handover",
        obj=certificate,
        after={"signer": signer, "agent": agent_name, "signed_on": signed_on},
    )
    return row


@transaction.atomic
def void_notice_record(
    *, actor, certificate: Certificate, medium: str, publication: str, published_on: date
) -> VoidNotice:
    """CERT-10: the public declaration that a lost certificate is void, with its medium
    (newspaper or the platform), where and when; a replacement waits for it."""
    if medium not in dict(VoidNotice.MEDIA):
        raise DomainError("medium", "请选择声明方式（登报或平台公告）", field="medium")
    publication = _clean(publication, 100)
    if not publication:
        raise DomainError("publication", "请填写报刊或平台名称", field="publication")
    published_on = _day(
        published_on,
        field="published_on",
        label="声明日期",
        not_before=certificate.issued_on,
        rule="CERT-10",
    )
    notice = VoidNotice.objects.create(
        institution_id=certificate.institution_id,
        certificate=certificate,
        medium=medium,
        publication=publication,
        published_on=published_on,
        recorded_by=user_of(actor),
    )
    audit_record(
        actor=actor,
        action="certificate.void_notice",
        obj=certificate,
        after={"medium": medium, "publication": publication, "published_on": published_on},
    )
    return notice
