"""Database settings by server: the ASGI server (skillcert.asgi) on PostgreSQL uses psycopg's
pool and no persistent connections, as Django's docs ask under ASGI; the WSGI entry keeps
persistent connections. Checked in a fresh interpreter, as a server starts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import {module}; from django.db import connection as c; "
    "print(c.settings_dict['CONN_MAX_AGE'], 'pool' in c.settings_dict.get('OPTIONS', {}))"
)


def _db_settings(module: str) -> str:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "skillcert.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",  # never connected
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "SKILLCERT_DEBUG": "true",
    }
    env.pop("SKILLCERT_SERVER", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE.replace("{module}", module)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return out.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(("module", "expected"), [
    ("skillcert.asgi", "0 True"),
    ("skillcert.wsgi", "60 False"),
])  # fmt: skip
def test_asgi_server_pools_postgresql_connections(module, expected):
    assert _db_settings(module) == expected


def test_rec_09_item_11_audit_key_is_required_outside_debug():
    """Issue 16 item 11 (REC-09): a production start without AUDIT_KEY stops with a message,
    rather than keying the audit chain with a made-up key."""
    from cryptography.fernet import Fernet

    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "skillcert.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "SKILLCERT_DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }
    env.pop("AUDIT_KEY", None)
    probe = "import django; django.setup()"
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert run.returncode != 0 and "AUDIT_KEY must be set" in run.stderr
