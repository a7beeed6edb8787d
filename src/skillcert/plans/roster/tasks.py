"""Background tasks of plans: they take ids and call services (large roster imports)."""

from django_tasks import task


@task()
def roster_import_task(import_id: int) -> dict:
    """Run a queued roster import; the import row itself carries status and progress."""
    from .services import roster_import_run  # the service module enqueues this task

    imp = roster_import_run(import_id=import_id)
    return {"status": imp.status, "ok_rows": imp.ok_rows, "error_rows": imp.error_rows}
