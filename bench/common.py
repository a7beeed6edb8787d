"""Shared bench helpers: a throwaway database and a timer."""

import os
import time
from contextlib import contextmanager

from django.db import connection

_ready = False


def setup_database() -> str:
    """Create a fresh test database (SQLite file or PostgreSQL `test_<name>`) and migrate it.
    BENCH_KEEPDB=1 keeps the one a previous run left and only migrates it (the statistics
    bench then reuses its generated region instead of loading it again)."""
    global _ready  # noqa: PLW0603 - one database per bench process
    if not _ready:
        keep = os.environ.get("BENCH_KEEPDB") == "1"
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=keep
        )
        _ready = True
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            mode = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous")
            sync = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[cursor.fetchone()[0]]
        return f"sqlite ({name}, journal_mode={mode}, synchronous={sync})"
    return f"{connection.vendor} ({name})"


@contextmanager
def timed(result: dict, key: str):
    started = time.perf_counter()
    yield
    result[key] = time.perf_counter() - started
