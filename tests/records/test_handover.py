"""CERT-09: the holder or a named agent signs for the certificate; the signature list is
printed and archived. CERT-10: a replacement needs the public void notice first."""

from datetime import date

import pytest
from pypdf import PdfReader

from skillcert.certificates.models import Replacement
from skillcert.certificates.services import replacement_create
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.records.handover import services
from skillcert.records.handover.selectors import signature_list_pdf
from skillcert.records.models import HandoverSignature
from tests.violations.helpers import ISSUED_ON, issued

from .helpers import void_notice


@pytest.fixture
def certs(sitting, staff, pin_issue_day):
    pin_issue_day(ISSUED_ON)
    return issued(sitting, 2, actor=staff)


def test_cert09_holder_and_named_agent_sign_and_the_list_is_printed(certs, staff):
    a, b = certs
    services.handover_sign(actor=staff, certificate=a, signer="holder", signed_on=date(2025, 7, 2))
    services.handover_sign(
        actor=staff,
        certificate=b,
        signer="agent",
        agent_name="王五",
        agent_relation="班主任",
        signed_on=date(2025, 7, 3),
    )
    assert AuditEntry.objects.filter(action="certificate.handover").count() == 2
    import io

    text = "".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(signature_list_pdf(register=a.register))).pages
    )
    assert "证书领取签收表" in text and a.number in text and "王五" in text


def test_cert09_an_agent_must_be_named_and_a_certificate_signed_once(certs, staff):
    a, _ = certs
    with pytest.raises(DomainError) as exc:
        services.handover_sign(
            actor=staff, certificate=a, signer="agent", signed_on=date(2025, 7, 2)
        )
    assert exc.value.rule == "CERT-09" and exc.value.field == "agent_name"
    services.handover_sign(actor=staff, certificate=a, signer="holder", signed_on=date(2025, 7, 2))
    with pytest.raises(DomainError) as exc:
        services.handover_sign(
            actor=staff, certificate=a, signer="holder", signed_on=date(2025, 7, 2)
        )
    assert exc.value.rule == "CERT-09"
    assert HandoverSignature.objects.count() == 1


def test_cert09_signed_before_issue_is_refused(certs, staff):
    with pytest.raises(DomainError) as exc:
        services.handover_sign(
            actor=staff, certificate=certs[0], signer="holder", signed_on=date(2025, 6, 1)
        )
    assert exc.value.field == "signed_on"


def _replace(cert, actor):
    return replacement_create(
        actor=actor,
        certificate=cert,
        reason=Replacement.LOST,
        applied_on=date(2025, 10, 8),
        replaced_on=date(2025, 10, 10),
        holder_name=cert.holder_name,
        id_number=cert.person.id_number,
    )


def test_cert10_replacement_without_a_void_notice_is_refused(certs, staff):
    with pytest.raises(DomainError) as exc:
        _replace(certs[0], staff)
    assert exc.value.rule == "CERT-10"
    assert not Replacement.objects.exists()


def test_cert10_notice_after_the_replacement_day_does_not_count(certs, staff):
    void_notice(certs[0], on=date(2025, 10, 11), actor=staff)
    with pytest.raises(DomainError) as exc:
        _replace(certs[0], staff)
    assert exc.value.rule == "CERT-10"


def test_cert10_replacement_after_the_void_notice(certs, staff):
    void_notice(certs[0], on=date(2025, 10, 1), actor=staff)
    assert AuditEntry.objects.filter(action="certificate.void_notice").exists()
    assert _replace(certs[0], staff).certificate == certs[0]


def test_cert10_void_notice_needs_medium_and_publication(certs, staff):
    with pytest.raises(DomainError) as exc:
        services.void_notice_record(
            actor=staff,
            certificate=certs[0],
            medium="tv",
            publication="x",
            published_on=date(2025, 10, 1),
        )
    assert exc.value.field == "medium"
