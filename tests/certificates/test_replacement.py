"""CERT-05: a lost or damaged certificate is reprinted on the holder's application, after a
check against the database, with the original number; voided ones are never replaced."""

from datetime import date

import pytest
from django.urls import reverse

from skillcert.certificates import services
from skillcert.certificates.models import Certificate, Replacement, StockMovement
from skillcert.certificates.stock import services as stock_services
from skillcert.certificates.stock.selectors import batch_balance
from skillcert.certificates.verification import verify_path
from skillcert.core.audit import audit_verify
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from tests.records.helpers import void_notice

from .conftest import issue

APPLIED = date(2025, 10, 8)


def replace(cert, actor=None, **kw):
    """CERT-05 through the service, after the loss was declared void in public (CERT-10)."""
    void_notice(cert)
    kw.setdefault("reason", Replacement.LOST)
    kw.setdefault("applied_on", APPLIED)
    kw.setdefault("replaced_on", date(2025, 10, 10))
    kw.setdefault("holder_name", cert.holder_name)
    kw.setdefault("id_number", cert.person.id_number)
    return services.replacement_create(actor=actor, certificate=cert, **kw)


def test_cert05_replacement_keeps_the_number_and_is_audited(institution, sitting, manager):
    (cert,) = issue(sitting, 1, actor=manager)
    batch = stock_services.stock_receive(
        actor=manager,
        institution=institution,
        first_serial=1,
        last_serial=10,
        counted=10,
        received_on=date(2025, 6, 1),
        source="省中心",
    )
    stock_services.stock_issue(actor=manager, batch=batch, serial=1, certificate=cert)
    r = replace(cert, actor=manager, batch=batch, sheet_serial=2)
    cert.refresh_from_db()
    assert Certificate.objects.count() == 1 and cert.replacements.get() == r
    assert cert.status == Certificate.VALID
    sheets = StockMovement.objects.filter(certificate=cert, kind=StockMovement.ISSUE)
    assert sorted(m.first_serial for m in sheets) == [1, 2]
    assert r.sheet.first_serial == 2 and batch_balance(batch).issued == 2
    entry = AuditEntry.objects.get(action="certificate.replace")
    assert entry.after["number"] == cert.number and entry.after["reason"] == "lost"
    assert entry.actor_id == manager.pk and audit_verify().ok
    # A second loss is a second replacement, still the same number.
    replace(cert, reason=Replacement.DAMAGED, replaced_on=date(2025, 11, 1))
    assert cert.replacements.count() == 2 and Certificate.objects.get().number == cert.number


def test_cert05_verification_shows_the_replacement(client, sitting):
    (cert,) = issue(sitting, 1)
    replace(cert)
    body = client.get(verify_path(cert.number)).content.decode()
    assert "2025年10月10日补发（遗失）" in body and "证书编号不变" in body and "有效" in body


def test_cert05_void_certificate_cannot_be_replaced(sitting, manager):
    (cert,) = issue(sitting, 1)
    services.certificate_void(actor=manager, certificate=cert, reason="违纪")
    with pytest.raises(DomainError) as e:
        replace(cert)  # the stale object still says valid: the service reads the record
    assert e.value.code == "replace_void" and e.value.rule == "CERT-05"
    assert not Replacement.objects.exists()


@pytest.mark.parametrize(
    "override",
    [
        {"id_number": "110101199001011237"},
        {"holder_name": "别人"},
        {"id_number": ""},
    ],
)
def test_cert05_identity_is_checked_against_the_database(sitting, override):
    (cert,) = issue(sitting, 1)
    with pytest.raises(DomainError) as e:
        replace(cert, **override)
    assert e.value.code == "replace_identity" and e.value.field == "id_number"
    assert not Replacement.objects.exists()


def test_cert05_id_number_lowercase_x_and_spaces_still_match(sitting):
    (cert,) = issue(sitting, 1)
    number = cert.person.id_number
    replace(cert, id_number=f"  {number.lower()} ", holder_name=f" {cert.holder_name} ")
    assert Replacement.objects.count() == 1


def test_cert05_bad_sheet_rolls_back_the_replacement(institution, sitting):
    c1, c2 = issue(sitting, 2)
    batch = stock_services.stock_receive(
        actor=None,
        institution=institution,
        first_serial=1,
        last_serial=5,
        counted=5,
        received_on=date(2025, 6, 1),
        source="省中心",
    )
    stock_services.stock_issue(actor=None, batch=batch, serial=1, certificate=c1)
    with pytest.raises(DomainError):
        replace(c2, batch=batch, sheet_serial=1)  # sheet already used
    assert not Replacement.objects.exists()
    assert not AuditEntry.objects.filter(action="certificate.replace").exists()


def test_cert05_dates_and_reason_validated(sitting):
    (cert,) = issue(sitting, 1)
    for kw in (
        {"reason": "stolen"},
        {"applied_on": date(2025, 1, 1)},  # before issue
        {"replaced_on": date(2025, 10, 1)},  # before the application
    ):
        with pytest.raises(DomainError):
            replace(cert, **kw)
    assert not Replacement.objects.exists()


def test_cert05_replacement_through_page_and_api(client, institution, sitting, manager, reader):
    (cert,) = issue(sitting, 1)
    void_notice(cert)  # CERT-10
    client.force_login(manager)
    url = reverse("certificate_replace", args=[institution.pk, cert.number])
    r = client.post(
        url,
        {
            "reason": "damaged",
            "applied_on": "2025-10-08",
            "replaced_on": "2025-10-09",
            "holder_name": cert.holder_name,
            "id_number": "wrong",
        },
        follow=True,
    )
    assert "不符" in r.content.decode() and not Replacement.objects.exists()
    r = client.post(
        url,
        {
            "reason": "damaged",
            "applied_on": "2025-10-08",
            "holder_name": cert.holder_name,
            "id_number": cert.person.id_number,
        },
        follow=True,
    )
    body = r.content.decode()
    assert "已补发，证书编号不变" in body and "损毁" in body
    assert cert.person.id_number not in body
    api = f"/api/institutions/{institution.pk}/certificates/{cert.number}/replacements"
    payload = {
        "reason": "lost",
        "applied_on": "2025-10-08",
        "holder_name": cert.holder_name,
        "id_number": cert.person.id_number,
    }
    r = client.post(api, payload, content_type="application/json")
    assert r.status_code == 201 and r.json()["number"] == cert.number
    client.force_login(reader)
    r = client.post(api, payload, content_type="application/json")
    assert r.status_code == 403 and Replacement.objects.count() == 2
