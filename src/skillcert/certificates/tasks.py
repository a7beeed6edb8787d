"""Background tasks of certificates: they take ids and call services (CERT-03 batch PDFs)."""

from django_tasks import task

from .services import register_pdf_render, register_zip_render


@task()
def render_register_pdf(job_id: int) -> None:
    """Run a queued batch-PDF job; the job row carries status and progress."""
    register_pdf_render(job_id=job_id)


@task()
def render_register_zip(job_id: int) -> None:
    """Run a queued ZIP job; the job row carries status and progress."""
    register_zip_render(job_id=job_id)
