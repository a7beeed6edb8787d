"""The queue (issue 15): django-tasks' RQ backend as an option beside the database queue,
against the local Redis (a toy task, and a real certificate ZIP job rendered by an
`rqworker` process from the shared database into the shared storage); and the database
queue with two `db_worker` processes on PostgreSQL takes each job exactly once."""

import subprocess
import sys

import pytest
from django.db import connection

from .conftest import ROOT, child_env, finish, run_child, start_children, this_database_url


@pytest.mark.redis
def test_rq_backend_runs_tasks_in_an_rq_worker_process(redis_url, tmp_path):
    env = {"TASKS_BACKEND": "rq", "REDIS_URL": redis_url, "SKILLCERT_VAR": tmp_path}
    ids = run_child(
        "import django; django.setup()\n"
        "from tests.scale.jobs import add\n"
        "from django_tasks import task_backends\n"
        "print(type(task_backends['default']).__name__)\n"
        "for i in range(3): print(add.enqueue(i, 10).id)\n",
        **env,
    ).split()
    assert ids[0] == "RQBackend"
    # A worker on its own machine: `python -m skillcert rqworker --job-class django_tasks_rq.Job`
    # (here with --burst: drain the queue, then stop).
    worker = subprocess.run(
        [sys.executable, "-m", "skillcert", "rqworker", "--burst",
         "--job-class", "django_tasks_rq.Job", "default"],
        cwd=ROOT, env=child_env(**env), capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stderr[-3000:]
    results = run_child(
        "import django, sys; django.setup()\n"
        "from tests.scale.jobs import add\n"
        "for rid in sys.argv[1:]:\n"
        "    r = add.get_result(rid)\n"
        "    print(r.status, r.return_value)\n".replace("sys.argv[1:]", repr(ids[1:])),
        **env,
    ).splitlines()
    assert results == ["SUCCESSFUL 10", "SUCCESSFUL 11", "SUCCESSFUL 12"]


def test_tasks_backend_rq_needs_a_redis_url(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=child_env(TASKS_BACKEND="rq", SKILLCERT_VAR=tmp_path) | {"REDIS_URL": ""},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode != 0 and "TASKS_BACKEND=rq needs RQ_URL or REDIS_URL" in out.stderr


JOBS = 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_db_workers_on_postgresql_take_each_job_exactly_once(postgres, settings):
    from django_tasks_db.models import DBTaskResult

    from .jobs import record

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE scale_job_runs (n integer NOT NULL, pid integer NOT NULL)")
    try:
        for n in range(JOBS):
            record.enqueue(n)
        args = ["-m", "skillcert", "db_worker", "--batch", "--no-startup-delay"]
        env = {"DATABASE_URL": this_database_url(), "TASKS_BACKEND": "db"}
        finish(start_children(2, [*args, "--interval", "0.05"], **env))
        with connection.cursor() as cursor:
            cursor.execute("SELECT n, pid FROM scale_job_runs")
            runs = cursor.fetchall()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE scale_job_runs")
    assert sorted(n for n, _ in runs) == list(range(JOBS))  # each job once, none twice
    assert len({pid for _, pid in runs}) == 2  # and both workers took jobs
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_certificate_zip_job_runs_on_an_rq_worker_of_its_own(
    postgres, redis_url, settings, tmp_path, client, pin_issue_day
):
    """CERT-03 end to end through Redis: the web side enqueues the ZIP job, an `rqworker`
    process (as on a worker machine) renders it into the shared storage from the shared
    database, and the web side serves the finished file."""
    from datetime import date

    from django.urls import reverse

    from skillcert.certificates import services
    from skillcert.certificates.models import CertificateZipJob
    from tests import factories as f
    from tests.certificates.conftest import issue

    media = tmp_path / "shared-media"
    settings.MEDIA_ROOT = media
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": redis_url}}
    pin_issue_day(date(2025, 7, 1))
    institution = f.filed_institution()
    manager = f.member(institution)
    certs = issue(f.sitting(institution, level=4), 2, actor=manager)
    job = services.zip_job_start(actor=manager, register=certs[0].register)
    assert job.status == CertificateZipJob.QUEUED  # waiting for a worker

    env = {
        "DATABASE_URL": this_database_url(),
        "TASKS_BACKEND": "rq",
        "REDIS_URL": redis_url,
        "STORAGE_URL": f"file://{media}",
    }
    worker = ["-m", "skillcert", "rqworker", "--burst", "--job-class", "django_tasks_rq.Job"]
    finish(start_children(1, [*worker, "default"], **env))
    job.refresh_from_db()
    assert job.status == CertificateZipJob.DONE and job.done == 2
    client.force_login(manager)
    r = client.get(reverse("zip_job_download", args=[institution.pk, job.pk]))
    assert r.status_code == 200 and len(b"".join(r.streaming_content)) == job.size
