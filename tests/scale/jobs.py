"""Tasks the queue tests enqueue: importable by a worker process (PYTHONPATH has the root)."""

import os
import time

from django.db import connection
from django_tasks import task


@task()
def add(a: int, b: int) -> int:
    return a + b


@task()
def record(n: int) -> None:
    """Write down that job `n` ran, and in which worker process (table made by the test)."""
    time.sleep(0.15)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO scale_job_runs (n, pid) VALUES (%s, %s)", [n, os.getpid()])
