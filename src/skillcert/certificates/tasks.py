"""Background jobs of certificates: the batch PDF of a register (CERT-03)."""

import tempfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

from skillcert.core.crypto import encrypt_bytes

from .models import CertificatePdfJob
from .pdf import render_certificates
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
        # Spool to a temporary file: a batch of hundreds of pages need not sit in memory.
        with tempfile.TemporaryFile() as tmp:
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
