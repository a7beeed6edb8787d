"""Benchmarks use their own database under var/bench (SQLite) or DATABASE_URL's server.

SQLite: the file database in WAL mode, as `make run` uses it (skillcert.settings sets WAL,
synchronous=NORMAL and IMMEDIATE transactions), at var/bench/bench.sqlite3, made anew per
run. BENCH_SQLITE=memory measures on the in-memory database instead (Django's test default),
for comparison with earlier figures.
"""

import os
from pathlib import Path

os.environ.setdefault("SKILLCERT_VAR", str(Path(__file__).resolve().parent.parent / "var"))
# The development secrets under var/ and plain-HTTP cookies; DEBUG itself is off below.
os.environ.setdefault("SKILLCERT_DEBUG", "true")

from skillcert.settings import *  # noqa: E402,F403
from skillcert.settings import DATABASES, VAR_DIR  # noqa: E402

# Measure as production runs: no SQL logging in the cursor wrapper.
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

_sqlite = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
if _sqlite and os.environ.get("BENCH_SQLITE", "file") != "memory":
    (VAR_DIR / "bench").mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "bench" / "bench.sqlite3")}
