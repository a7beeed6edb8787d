"""Shared bench helpers: a throwaway database and a timer."""

import time
from contextlib import contextmanager

from django.db import connection

_ready = False


def setup_database() -> str:
    """Create a fresh test database (SQLite file or PostgreSQL `test_<name>`) and migrate it."""
    global _ready  # noqa: PLW0603 - one database per bench process
    if not _ready:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
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
