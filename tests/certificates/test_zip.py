"""Bulk PDF download as a ZIP (CERT-03): a background job with progress, one PDF per valid
certificate named by its number, stored sealed in chunks, tenancy-checked."""

import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from skillcert.certificates import sealing, services, zips
from skillcert.certificates.models import Certificate, CertificateZipJob
from skillcert.certificates.pdf import render_certificates
from skillcert.certificates.selectors import certificates_for_pdf
from skillcert.core.errors import DomainError

from .conftest import issue


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the job runs on commit
def test_zip_job_one_pdf_per_certificate_read_back(client, institution, sitting, manager):
    certs = issue(sitting, 4, actor=manager)
    services.certificate_void(actor=manager, certificate=certs[3], reason="违纪")
    register = certs[0].register
    client.force_login(manager)
    r = client.post(reverse("issue_register_zip", args=[institution.pk, register.pk]), follow=True)
    job = CertificateZipJob.objects.get(register=register)
    assert job.status == CertificateZipJob.DONE and job.done == job.total == 3
    assert "下载证书压缩包" in r.content.decode()
    fragment = client.get(reverse("zip_job_status", args=[institution.pk, job.pk])).content
    assert b"hx-trigger" not in fragment  # finished: the bar stops polling
    download = client.get(reverse("zip_job_download", args=[institution.pk, job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    data = b"".join(download.streaming_content)
    assert len(data) == job.size
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert names == [f"{c.number}.pdf" for c in certs[:3]]  # the void one is not printed
        for c in certs[:3]:
            pdf = PdfReader(io.BytesIO(zf.read(f"{c.number}.pdf")))
            assert len(pdf.pages) == 1
            text = pdf.pages[0].extract_text()
            assert c.number in text and c.holder_name in text
    with job.file.open("rb") as stored:  # full IDs inside: never a readable ZIP at rest
        assert stored.read(4) == sealing.MAGIC


def test_zip_progress_fragment_polls_while_running(client, institution, sitting, manager):
    certs = issue(sitting, 2, actor=manager)
    job = CertificateZipJob.objects.create(
        institution=institution, register=certs[0].register, total=2, done=1
    )
    client.force_login(manager)
    body = client.get(reverse("zip_job_status", args=[institution.pk, job.pk])).content.decode()
    assert 'value="50"' in body and "hx-trigger" in body and "1/2" in body
    assert client.get(reverse("zip_job_download", args=[institution.pk, job.pk])).status_code == 404


def test_zip_job_needs_an_issued_register_with_valid_certificates(sitting, manager):
    (cert,) = issue(sitting, 1, actor=manager)
    services.certificate_void(actor=manager, certificate=cert, reason="违纪")
    with pytest.raises(DomainError):
        services.zip_job_create(actor=manager, register=cert.register)
    assert not CertificateZipJob.objects.exists()


def test_zip_tenancy_404(client, institution, other_institution, sitting, manager, outsider):
    certs = issue(sitting, 1, actor=manager)
    job = services.zip_job_start(actor=manager, register=certs[0].register)
    client.force_login(outsider)
    iid = institution.pk
    for method, url in (
        ("post", reverse("issue_register_zip", args=[iid, job.register_id])),
        ("get", reverse("zip_job_status", args=[iid, job.pk])),
        ("get", reverse("zip_job_download", args=[iid, job.pk])),
        # through the outsider's own institution id: still not ours to see
        ("get", reverse("zip_job_status", args=[other_institution.pk, job.pk])),
        ("get", reverse("zip_job_download", args=[other_institution.pk, job.pk])),
    ):
        assert getattr(client, method)(url).status_code == 404, url


@pytest.mark.parametrize("size", [0, 1, 1000, 4096, 10_000])
def test_sealed_stream_round_trip_in_chunks(size):
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    sealed = io.BytesIO()
    assert sealing.seal_stream(io.BytesIO(data), sealed, chunk=1000) == size
    raw = sealed.getvalue()
    assert b"".join(sealing.open_stream(io.BytesIO(raw))) == data


def test_sealed_stream_detects_truncation_and_tampering():
    data = b"a" * 5000
    sealed = io.BytesIO()
    sealing.seal_stream(io.BytesIO(data), sealed, chunk=1000)
    raw = sealed.getvalue()
    chunk = 4 + 12 + 1000 + 16
    cut = raw[: 4 + 2 * chunk]  # first two chunks only: none is marked last
    with pytest.raises(ValueError):
        b"".join(sealing.open_stream(io.BytesIO(cut)))
    flipped = bytearray(raw)
    flipped[40] ^= 1
    with pytest.raises(ValueError):
        b"".join(sealing.open_stream(io.BytesIO(bytes(flipped))))


def _zip_texts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {
            name: PdfReader(io.BytesIO(zf.read(name))).pages[0].extract_text()
            for name in zf.namelist()
        }


def test_cert03_zip_in_a_process_pool_keeps_order_and_content(sitting, monkeypatch):
    """CERT-03: a large register renders in a pool; the ZIP is the same, in the same order."""
    monkeypatch.setattr(zips, "ZIP_CHUNK", 2)  # several chunks in flight at once
    certs = list(
        certificates_for_pdf(Certificate.objects.filter(pk__in=[c.pk for c in issue(sitting, 5)]))
    )
    serial, pooled, seen = io.BytesIO(), io.BytesIO(), []
    zips.write_zip(certs, serial)
    zips.write_zip(certs, pooled, workers=2, progress=seen.append, progress_every=2)
    assert list(_zip_texts(pooled.getvalue())) == [f"{c.number}.pdf" for c in certs]
    assert _zip_texts(pooled.getvalue()) == _zip_texts(serial.getvalue())
    assert seen == [2, 4, 5]


def _broken(certs):
    raise RuntimeError("renderer broke")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the job runs on commit
def test_cert03_zip_pool_error_fails_the_job(sitting, manager, monkeypatch):
    """CERT-03: an error inside a pool process surfaces as a failed job, not a short ZIP."""
    certs = issue(sitting, 3, actor=manager)
    monkeypatch.setattr(zips, "ZIP_POOL_MIN", 1)
    monkeypatch.setattr(zips, "_render_each", _broken)
    services.zip_job_start(actor=manager, register=certs[0].register)  # the task runs inline
    job = CertificateZipJob.objects.get(register=certs[0].register)
    assert job.status == CertificateZipJob.FAILED and "renderer broke" in job.error


def test_cert03_template_font_is_the_same_in_every_file_values_font_only_what_it_needs(sitting):
    """CERT-03: the fixed text's font subset is identical from file to file (built once per
    job), and the values' font holds none of the template's characters twice."""
    certs = list(
        certificates_for_pdf(Certificate.objects.filter(pk__in=[c.pk for c in issue(sitting, 2)]))
    )
    fonts = []
    for cert in certs:
        buffer = io.BytesIO()
        render_certificates([cert], buffer)
        page = PdfReader(buffer).pages[0]
        found = {}
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            data = font["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            found[str(font["/BaseFont"])] = (data, font["/ToUnicode"].get_object().get_data())
        fonts.append(found)
    template = [f for f in fonts[0] if "Values" not in f]
    values = [f for f in fonts[0] if "Values" in f]
    assert len(template) == len(values) == 1
    assert fonts[0][template[0]][0] == fonts[1][template[0]][0]
    # The name's CJK (考生1: 考) is in the values font; no digit of the number or ID is,
    # the template already has them.
    assert b"<8003>" in fonts[0][values[0]][1] and b"<0030>" not in fonts[0][values[0]][1]
