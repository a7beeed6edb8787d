"""Background jobs of certificates: the batch PDF of a register and its ZIP of one PDF per
certificate (CERT-03)."""

import io
import multiprocessing
import os
import zipfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

from skillcert.core.crypto import encrypt_bytes
from skillcert.core.files import scratch

from .models import Certificate, CertificatePdfJob, CertificateZipJob
from .pdf import font_name, render_certificates, values_font_name
from .sealing import seal_stream
from .selectors import certificates_for_pdf


@task()
def render_register_pdf(job_id: int) -> None:
    """Render every certificate of the job's register into one file in the default storage.

    Progress goes to the job row with UPDATE statements outside any long transaction, so the
    page polling it sees the numbers move.
    """
    job = CertificatePdfJob.objects.select_related("register").get(pk=job_id)
    jobs = CertificatePdfJob.objects.filter(pk=job_id)
    certs = certificates_for_pdf(job.register.certificates.all())
    jobs.update(status=CertificatePdfJob.RUNNING, total=certs.count(), done=0, error="")
    try:
        # Spool to scratch: a batch of hundreds of pages need not sit in memory.
        with scratch() as tmp:
            render_certificates(
                certs.iterator(chunk_size=200), tmp, progress=lambda n: jobs.update(done=n)
            )
            tmp.seek(0)
            # Full ID numbers inside (CERT-03): stored sealed, like every ID at rest.
            name = default_storage.save(
                f"certificates/pdf/{job.institution_id}/register-{job.register_id}"
                f"-job-{job.pk}.pdf.sealed",
                ContentFile(encrypt_bytes(tmp.read())),
            )
    except Exception as exc:
        jobs.update(
            status=CertificatePdfJob.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        raise
    jobs.update(status=CertificatePdfJob.DONE, file=name, finished_at=timezone.now())


@task()
def render_register_zip(job_id: int) -> None:
    """One PDF per valid certificate of the register, named by its number, in one ZIP.

    Large-size safe: the PDFs are rendered a chunk at a time (in a process per CPU for a large
    register), written into the archive in order and dropped; the archive is spooled to a
    scratch buffer (core.files), sealed chunk by chunk (full ID numbers inside, CERT-03) into
    a second one, and streamed to the storage from there.
    """
    job = CertificateZipJob.objects.select_related("register").get(pk=job_id)
    jobs = CertificateZipJob.objects.filter(pk=job_id)
    certs = certificates_for_pdf(job.register.certificates.filter(status=Certificate.VALID))
    total = certs.count()
    jobs.update(status=CertificateZipJob.RUNNING, total=total, done=0, error="")
    try:
        with scratch() as plain, scratch() as sealed:
            size = write_zip(
                certs.iterator(chunk_size=200),
                plain,
                progress=lambda n: jobs.update(done=n),
                workers=zip_workers(total),
            )
            plain.seek(0)
            seal_stream(plain, sealed)
            sealed.seek(0)
            name = default_storage.save(
                f"certificates/zip/{job.institution_id}/register-{job.register_id}"
                f"-job-{job.pk}.zip.sealed",
                File(sealed),
            )
    except Exception as exc:
        jobs.update(
            status=CertificateZipJob.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        raise
    jobs.update(status=CertificateZipJob.DONE, file=name, size=size, finished_at=timezone.now())


# Certificates per unit of work handed to a pool process: large enough to amortise the
# pickling round trip, small enough that progress moves and memory stays a few MiB.
ZIP_CHUNK = 50
# Below this a pool costs more (starting processes) than it saves.
ZIP_POOL_MIN = 200


def zip_workers(total: int) -> int:
    """Processes for a ZIP of `total` certificates: one per CPU for a large job."""
    return max(1, os.cpu_count() or 1) if total >= ZIP_POOL_MIN else 1


def write_zip(certs, fileobj, *, progress=None, progress_every: int = 50, workers: int = 1) -> int:
    """Write `{number}.pdf` per certificate into a ZIP on `fileobj`; returns its size.

    Stored, not deflated: the PDFs' streams are compressed already. With `workers` > 1 the
    PDFs are rendered in a process pool while this process writes them in order.
    """
    done = 0
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for chunk, pdfs in _rendered_chunks(certs, workers):
            for cert, pdf in zip(chunk, pdfs, strict=True):
                zf.writestr(zipfile.ZipInfo(f"{cert.number}.pdf", date_time=_zip_time(cert)), pdf)
                done += 1
                if progress and done % progress_every == 0:
                    progress(done)
    if done == 0:
        raise ValueError("no certificates to render")
    if progress:
        progress(done)
    return fileobj.tell()


def _render_each(certs: list) -> list[bytes]:
    """One PDF per certificate (runs in a pool process too: touches no database)."""
    pdfs = []
    for cert in certs:
        buffer = io.BytesIO()
        render_certificates([cert], buffer)
        pdfs.append(buffer.getvalue())
    return pdfs


def _chunks(certs: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for cert in certs:
        chunk.append(cert)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _rendered_chunks(certs: Iterable, workers: int) -> Iterator[tuple[list, list[bytes]]]:
    """(certificates, their PDFs) chunk by chunk, in the order given.

    In a pool at most two chunks per process are in flight, so memory stays bounded however
    large the register; a worker's exception is raised here and fails the job.
    """
    if workers <= 1:
        for chunk in _chunks(certs, ZIP_CHUNK):
            yield chunk, _render_each(chunk)
        return
    # Fonts loaded before the fork are shared by the workers rather than read by each.
    font_name(), values_font_name()
    # fork: the workers inherit settings and registered fonts without a second setup; the
    # certificates arrive pickled with person and institution selected, so no worker
    # touches the parent's database connection.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    pending: deque = deque()
    try:
        for chunk in _chunks(certs, ZIP_CHUNK):
            pending.append((chunk, pool.submit(_render_each, chunk)))
            if len(pending) >= 2 * workers:
                chunk, future = pending.popleft()
                yield chunk, future.result()
        while pending:
            chunk, future = pending.popleft()
            yield chunk, future.result()
    finally:
        pool.shutdown(cancel_futures=True)


def _zip_time(cert) -> tuple:
    d = cert.issued_on
    return (max(d.year, 1980), d.month, d.day, 0, 0, 0)
