"""Issue 16 item 15 (CERT-03, PEOPLE-01): read-only roles get the certificate PDF with the ID
number masked; every download of full ID numbers by staff is audited."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from skillcert.core.audit import audit_verify
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from tests import factories as f

from .conftest import issue


def _text(content: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("role", [Membership.EXAMINER, Membership.SUPERVISOR, "authority"])
def test_read_only_role_gets_masked_certificate_pdf_item15(client, institution, sitting, role):
    """Issue 16 item 15: an examiner, supervisor or the region's authority staff reads the
    certificate, not the ID number."""
    (cert,) = issue(sitting, 1)
    if role == "authority":
        user = f.authority_user(institution.region_code[:2] + "0000")
    else:
        user = f.member(institution, role=role)
    client.force_login(user)
    r = client.get(reverse("certificate_pdf", args=[institution.pk, cert.number]))
    assert r.status_code == 200
    text = _text(r.content)
    assert cert.number in text and cert.person.id_masked in text
    assert cert.person.id_number not in text
    assert not AuditEntry.objects.filter(action="certificate.full_id_download").exists()


def test_manager_full_certificate_pdf_is_audited_item15(client, institution, sitting, manager):
    """Issue 16 item 15: the manager's copy carries the full number and leaves an entry."""
    (cert,) = issue(sitting, 1)
    client.force_login(manager)
    r = client.get(reverse("certificate_pdf", args=[institution.pk, cert.number]))
    assert cert.person.id_number in _text(r.content)
    entry = AuditEntry.objects.get(action="certificate.full_id_download")
    assert entry.object_id == str(cert.pk) and entry.actor_id == manager.pk
    assert entry.institution_id == institution.pk and entry.after["file"] == "pdf"
    assert audit_verify().ok


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the job runs on commit
def test_batch_pdf_and_zip_downloads_are_audited_item15(client, institution, sitting, manager):
    """Issue 16 item 15: the register's batch PDF and ZIP (full numbers) are audited too."""
    certs = issue(sitting, 2, actor=manager)
    register = certs[0].register
    client.force_login(manager)
    client.post(reverse("issue_register_pdf", args=[institution.pk, register.pk]))
    client.post(reverse("issue_register_zip", args=[institution.pk, register.pk]))
    from skillcert.certificates.models import CertificatePdfJob, CertificateZipJob

    pdf_job = CertificatePdfJob.objects.get(register=register)
    zip_job = CertificateZipJob.objects.get(register=register)
    for name, job in (("pdf_job_download", pdf_job), ("zip_job_download", zip_job)):
        r = client.get(reverse(name, args=[institution.pk, job.pk]))
        assert r.status_code == 200 and b"".join(r.streaming_content)
    files = sorted(
        e.after["file"] for e in AuditEntry.objects.filter(action="certificate.full_id_download")
    )
    assert files == ["pdf_batch", "zip"]
