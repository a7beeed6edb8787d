"""Background jobs of an issued register (CERT-03): the batch PDF and the ZIP of one PDF per
certificate.

One pattern, as plans' roster import: `*_job_start` writes the job row and enqueues its task
on commit (a worker on another connection must find the row); the task takes the job id
and calls `register_*_render` here, which claims the queued job (a repeated task changes
nothing) and reports progress on the row (a `core.models.BackgroundJob`) with short UPDATEs
outside any long transaction, so the page polling it sees the numbers move.
"""

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from skillcert.core.crypto import encrypt_bytes
from skillcert.core.errors import DomainError
from skillcert.core.files import scratch

from ..models import Certificate, CertificatePdfJob, CertificateZipJob, IssueRegister
from ..pdf import render_certificates
from ..sealing import seal_stream
from ..selectors import certificates_for_pdf
from ..zips import write_zip, zip_workers
from .registers import _user


@transaction.atomic
def zip_job_create(*, actor, register: IssueRegister) -> CertificateZipJob:
    """A queued ZIP job (one PDF per valid certificate) for an issued register."""
    register = IssueRegister.objects.get(pk=register.pk)  # the status as committed
    if register.status != IssueRegister.ISSUED:
        raise DomainError("register_not_issued", "名册尚未核发，不能生成证书PDF", rule="CERT-03")
    total = register.certificates.filter(status=Certificate.VALID).count()
    if not total:
        raise DomainError("register_no_valid", "名册中没有有效证书", rule="CERT-06")
    return CertificateZipJob.objects.create(
        institution_id=register.institution_id,
        register=register,
        created_by=_user(actor),
        total=total,
    )


@transaction.atomic
def zip_job_start(*, actor, register: IssueRegister) -> CertificateZipJob:
    """Create the job row and enqueue its task once the row is committed."""
    from ..tasks import render_register_zip  # the task module calls this one

    job = zip_job_create(actor=actor, register=register)
    transaction.on_commit(lambda: render_register_zip.enqueue(job_id=job.pk))
    return job


@transaction.atomic
def pdf_job_create(*, actor, register: IssueRegister) -> CertificatePdfJob:
    """A queued batch-PDF job for an issued register."""
    if register.status != IssueRegister.ISSUED:
        raise DomainError("register_not_issued", "名册尚未核发，不能生成证书PDF", rule="CERT-03")
    return CertificatePdfJob.objects.create(
        institution_id=register.institution_id,
        register=register,
        created_by=_user(actor),
        total=register.certificates.count(),
    )


@transaction.atomic
def pdf_job_start(*, actor, register: IssueRegister) -> CertificatePdfJob:
    """Create the job row and enqueue its task once the row is committed."""
    from ..tasks import render_register_pdf  # the task module calls this one

    job = pdf_job_create(actor=actor, register=register)
    transaction.on_commit(lambda: render_register_pdf.enqueue(job_id=job.pk))
    return job


def _claim(model, job_id: int, total: int) -> bool:
    """QUEUED -> RUNNING in one UPDATE; False when another run has it (or had it)."""
    return bool(
        model.objects.filter(pk=job_id, status=model.QUEUED).update(
            status=model.RUNNING, total=total, done=0, error=""
        )
    )


def register_pdf_render(*, job_id: int) -> CertificatePdfJob:
    """Render every certificate of the job's register into one file in the default storage."""
    job = CertificatePdfJob.objects.select_related("register").get(pk=job_id)
    jobs = CertificatePdfJob.objects.filter(pk=job_id)
    certs = certificates_for_pdf(job.register.certificates.all())
    if not _claim(CertificatePdfJob, job_id, certs.count()):
        return job
    try:
        # Spool to a temporary file: a batch of hundreds of pages need not sit in memory.
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
    return jobs.get()


def register_zip_render(*, job_id: int) -> CertificateZipJob:
    """One PDF per valid certificate of the register, named by its number, in one ZIP.

    Large-size safe (see `zips.write_zip`): the archive is spooled to a temporary file,
    sealed chunk by chunk (full ID numbers inside, CERT-03) into a second one, and streamed
    to the storage from there.
    """
    job = CertificateZipJob.objects.select_related("register").get(pk=job_id)
    jobs = CertificateZipJob.objects.filter(pk=job_id)
    certs = certificates_for_pdf(job.register.certificates.filter(status=Certificate.VALID))
    total = certs.count()
    if not _claim(CertificateZipJob, job_id, total):
        return job
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
    return jobs.get()
