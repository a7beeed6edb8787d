"""Benchmarks use their own database under var/bench (SQLite) or DATABASE_URL's server."""

import os
from pathlib import Path

os.environ.setdefault("SKILLCERT_VAR", str(Path(__file__).resolve().parent.parent / "var"))
# The development secrets under var/ and plain-HTTP cookies; DEBUG itself is off below.
os.environ.setdefault("SKILLCERT_DEBUG", "true")

from skillcert.settings import *  # noqa: E402,F403

# Measure as production runs: no SQL logging in the cursor wrapper.
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
