"""Files on object storage (issue 15): with STORAGE_URL=s3://… every file the flows write
goes to the bucket through django-storages (moto's S3 server over real HTTP here): photos,
sealed rosters, violation evidence, batch PDFs and the sealed ZIP, which streams back chunk
by chunk. Nothing lands on local disk, and only the retention rules delete (PIPL §19 photo
discard) besides the clean-up of an upload refused as a whole."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from skillcert.certificates import sealing, services
from skillcert.certificates.models import CertificatePdfJob, CertificateZipJob
from skillcert.core import files
from skillcert.core.crypto import decrypt_bytes
from skillcert.people.photos import photo_bytes, photo_discard, photo_set
from skillcert.plans.roster.services import roster_import_create
from tests import factories as f
from tests.certificates.conftest import issue
from tests.plans.conftest import row as roster_row
from tests.plans.conftest import upload, xlsx_bytes

pytestmark = pytest.mark.s3


@pytest.fixture(autouse=True)
def _no_local_media(settings, tmp_path):
    """Local media points at an empty folder: the test checks it stays empty."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    assert not (tmp_path / "media").exists(), "a file was written to local disk"


def keys(bucket) -> set[str]:
    return {o.key for o in bucket.objects.all()}


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 560), (200, 180, 160)).save(out, format="JPEG")
    return out.getvalue()


def test_storage_url_puts_default_storage_on_the_bucket(s3):
    from storages.backends.s3 import S3Storage

    name = default_storage.save("probe/a.bin", ContentFile(b"hello"))
    assert isinstance(default_storage._wrapped, S3Storage)
    assert keys(s3) == {f"media/{name}"}
    # A second save of the same name gets a new name, as on local disk (no overwrite).
    other = default_storage.save("probe/a.bin", ContentFile(b"second"))
    assert other != name and default_storage.open(name).read() == b"hello"
    # Private objects: no public-read grant on what is stored.
    grants = s3.Object(f"media/{name}").Acl().grants
    assert all("AllUsers" not in str(g.get("Grantee")) for g in grants)


def person():
    from skillcert.people.services import person_get_or_create

    return person_get_or_create(name="照片人", id_type="resident", id_number=f.resident_id(seq=931))


def test_photo_upload_download_and_retention_delete_on_the_bucket(
    s3, institution, django_capture_on_commit_callbacks
):
    holder = person()
    with django_capture_on_commit_callbacks(execute=True):
        photo_set(person=holder, data=jpeg())
    holder.refresh_from_db()
    stored = f"media/{holder.photo.name}"
    assert keys(s3) == {stored}
    assert s3.Object(stored).get()["Body"].read()[:3] != b"\xff\xd8\xff"  # sealed at rest
    assert photo_bytes(holder)[:3] == b"\xff\xd8\xff"  # read back through the storage API
    # A retention rule (the photo's purpose ended, PIPL §19) is what deletes it.
    with django_capture_on_commit_callbacks(execute=True):
        assert photo_discard(
            actor=None, person=holder, reason="报名未通过", institution_id=institution.pk
        )
    assert keys(s3) == set()


def test_roster_upload_is_stored_sealed_on_the_bucket(s3, staff, sitting):
    data = xlsx_bytes([roster_row(id_number=f.resident_id(seq=901))])
    imp = roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
    stored = f"media/{imp.file.name}"
    assert stored in keys(s3)
    raw = s3.Object(stored).get()["Body"].read()
    assert data not in raw and decrypt_bytes(raw) == data


@pytest.fixture
def certificates(institution, pin_issue_day):
    pin_issue_day(date(2025, 7, 1))
    manager = f.member(institution)
    return manager, issue(f.sitting(institution, level=4), 3, actor=manager)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the job runs on commit
def test_batch_pdf_and_sealed_zip_stream_back_from_the_bucket(
    s3, client, institution, certificates, monkeypatch
):
    manager, certs = certificates
    register = certs[0].register
    # Streaming in small chunks: the download must not need the archive in one piece.
    monkeypatch.setattr(sealing.seal_stream, "__kwdefaults__", {"chunk": 4096})
    services.zip_job_start(actor=manager, register=register)
    services.pdf_job_start(actor=manager, register=register)
    zjob = CertificateZipJob.objects.get(register=register)
    pjob = CertificatePdfJob.objects.get(register=register)
    assert zjob.status == CertificateZipJob.DONE and pjob.status == CertificatePdfJob.DONE
    assert {f"media/{zjob.file.name}", f"media/{pjob.file.name}"} <= keys(s3)
    assert s3.Object(f"media/{zjob.file.name}").get()["Body"].read(4) == sealing.MAGIC

    reads = []
    real = files._FullReads.read

    def counting(self, n=-1):
        reads.append(n)
        return real(self, n)

    monkeypatch.setattr(files._FullReads, "read", counting)
    client.force_login(manager)
    download = client.get(reverse("zip_job_download", args=[institution.pk, zjob.pk]))
    assert download.status_code == 200 and download.streaming
    data = b"".join(download.streaming_content)
    assert len(data) == zjob.size
    assert reads and max(reads) < zjob.size  # read from the object's body piece by piece
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == [f"{c.number}.pdf" for c in certs]

    pdf = client.get(reverse("pdf_job_download", args=[institution.pk, pjob.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    # Downloads, jobs and issue delete nothing: every file is still there.
    assert {f"media/{zjob.file.name}", f"media/{pjob.file.name}"} <= keys(s3)


def test_open_streaming_reads_exact_sizes_from_the_bucket(s3):
    payload = bytes(range(256)) * 4000
    name = default_storage.save("probe/stream.bin", ContentFile(payload))
    with files.open_streaming(name) as fh:
        parts = [fh.read(1000) for _ in range(3)]
        rest = fh.read()
    assert [len(p) for p in parts] == [1000, 1000, 1000]
    assert b"".join(parts) + rest == payload


def test_violation_evidence_on_the_bucket_all_or_nothing(s3, institution):
    """VIOL-02 evidence goes to the bucket sealed; a refused upload leaves no object."""
    from skillcert.core.errors import DomainError
    from skillcert.violations.models import ViolationEvidence
    from tests.violations.helpers import jpeg as small_jpeg
    from tests.violations.helpers import pdf, record, scored

    manager = f.member(institution)
    reg = scored(f.sitting(institution, level=4))[0]
    with pytest.raises(DomainError):
        record(
            manager,
            reg,
            "v01_other",
            "theory",
            evidence=[("好.jpg", small_jpeg()), ("空.png", b"")],
        )
    assert keys(s3) == set()
    record(manager, reg, "v01_other", "theory", evidence=[("记录.pdf", pdf())])
    row = ViolationEvidence.objects.get()
    assert keys(s3) == {f"media/{row.file.name}"}
    stored = s3.Object(f"media/{row.file.name}").get()["Body"].read()
    assert pdf() not in stored and decrypt_bytes(stored) == pdf()
    assert decrypt_bytes(row.file.read()) == pdf()  # read back through the storage API
