"""Background task of the archive: it takes the job id and calls the package builder."""

from django_tasks import task

from .package import package_render


@task()
def build_archive_package(job_id: int) -> None:
    """Build a queued archive package (REC-03); the job row carries status and progress."""
    package_render(job_id=job_id)
