"""Reads of handovers (CERT-09) and void notices (CERT-10), scoped to an institution."""

from datetime import date

from django.db.models import QuerySet

from skillcert.certificates.models import Certificate, IssueRegister
from skillcert.institutions.models import Institution

from ..models import HandoverSignature, VoidNotice
from ..pdf import table_pdf


def register_get(*, institution: Institution, register_id: int) -> IssueRegister | None:
    return (
        IssueRegister.objects.filter(institution=institution, pk=register_id)
        .select_related("sitting")
        .first()
    )


def handover_rows(*, register: IssueRegister) -> list[tuple[Certificate, HandoverSignature | None]]:
    """Every certificate of the register with its signature, if any (CERT-09)."""
    signed = {s.certificate_id: s for s in HandoverSignature.objects.filter(register=register)}
    certs = register.certificates.order_by("number")
    return [(c, signed.get(c.pk)) for c in certs]


def signatures_of(*, register: IssueRegister) -> QuerySet[HandoverSignature]:
    return HandoverSignature.objects.filter(register=register).select_related("certificate")


def notices_of(*, certificate: Certificate) -> QuerySet[VoidNotice]:
    return VoidNotice.objects.filter(certificate=certificate)


def void_notice_on(*, certificate_id: int, by: date) -> date | None:
    """The answer to certificates.hooks.void_notice_on (CERT-10)."""
    notice = (
        VoidNotice.objects.filter(certificate_id=certificate_id, published_on__lte=by)
        .order_by("published_on")
        .first()
    )
    return notice.published_on if notice else None


def signature_list_pdf(*, register: IssueRegister) -> bytes:
    """The printed signature list of a register (证书领取签收表, CERT-09)."""
    rows = []
    for i, (cert, sig) in enumerate(handover_rows(register=register), 1):
        rows.append(
            (
                str(i),
                cert.number,
                cert.holder_name,
                cert.id_masked,
                sig.signed_by if sig else "",
                sig.signed_on.isoformat() if sig else "",
                "",
            )
        )
    return table_pdf(
        title="职业技能等级证书领取签收表",
        lines=(
            f"机构：{register.institution.name}",
            f"批次：{register.sitting}　核发日期：{register.issued_on or '—'}",
        ),
        headers=("序号", "证书编号", "姓名", "证件号码", "签收人", "签收日期", "签名"),
        rows=rows,
        widths=(4, 16, 8, 16, 16, 9, 10),
        footer=("发放人（签字）：　　　　　　　日期：",),
    )
