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
    return f"{connection.vendor} ({connection.settings_dict['NAME']})"


@contextmanager
def timed(result: dict, key: str):
    started = time.perf_counter()
    yield
    result[key] = time.perf_counter() - started
