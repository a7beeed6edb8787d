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


# --- Issue 16 item 17: production unless debug is asked for --------------------------------


def _production_env(tmp_path, **extra) -> dict:
    """The environment of a production start: no SKILLCERT_DEBUG, real secrets, a host."""
    from cryptography.fernet import Fernet

    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "skillcert.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "SKILLCERT_VAR": str(tmp_path),
        "SECRET_KEY": "k" + os.urandom(40).hex(),
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "AUDIT_KEY": os.urandom(32).hex(),
        "ALLOWED_HOSTS": "skillcert.example.cn",
    }
    # Nothing of this test process leaks in (the browser fixture sets the async flag).
    unset = ("SKILLCERT_DEBUG", "DATABASE_URL", "SECURE_SSL_REDIRECT", "SKILLCERT_PROXY_SSL")
    for name in (*unset, "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    return env | extra


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    """Issue 16 item 17: `python -m skillcert check --deploy` reports nothing (not even a
    warning) when started as production starts: SKILLCERT_DEBUG unset."""
    args = ["-m", "skillcert", "check", "--deploy", "--fail-level", "WARNING"]
    out = _run(_production_env(tmp_path), *args)
    assert out.returncode == 0, out.stderr + out.stdout
    assert "System check identified no issues" in out.stdout, out.stdout + out.stderr


PROBE_SETTINGS = (
    "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
    "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT)"
)


def test_debug_is_opt_in_and_production_cookies_are_secure(tmp_path):
    """Issue 16 item 17: without SKILLCERT_DEBUG the settings are production's: debug off,
    Secure/HttpOnly/SameSite session cookie, a Secure CSRF cookie, HSTS and the HTTPS
    redirect; a start without SECRET_KEY stops instead of making one up."""
    env = _production_env(tmp_path)
    out = _run(env, "-c", PROBE_SETTINGS)
    expected = ["False", "True", "True", "True", "Lax", "True", "True"]
    assert out.stdout.split() == expected, out.stderr
    env.pop("SECRET_KEY")
    out = _run(env, "-c", PROBE_SETTINGS)
    assert out.returncode != 0 and "SECRET_KEY must be set" in out.stderr
    out = _run(env | {"SKILLCERT_DEBUG": "true"}, "-c", PROBE_SETTINGS)
    assert out.stdout.split()[:3] == ["True", "False", "False"], out.stderr


def test_rec_09_item_11_audit_key_is_required_outside_debug(tmp_path):
    """Issue 16 item 11 (REC-09): a production start without AUDIT_KEY stops with a message,
    rather than keying the audit chain with a made-up key."""
    env = _production_env(tmp_path)
    env.pop("AUDIT_KEY")
    run = _run(env, "-c", "import django; django.setup()")
    assert run.returncode != 0 and "AUDIT_KEY must be set" in run.stderr


def test_processes_starting_together_share_one_development_secret(tmp_path):
    """A web process and its worker start at once on a fresh var/: each reads the same,
    whole secret (a half-written key file made one of two processes refuse to start)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.AUDIT_KEY, settings.FIELD_ENCRYPTION_KEY, settings.SECRET_KEY)"
    )
    env = os.environ | {
        "SKILLCERT_DEBUG": "true",
        "SKILLCERT_VAR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "skillcert.settings",
        "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)]),
    }
    for name in ("AUDIT_KEY", "FIELD_ENCRYPTION_KEY", "SECRET_KEY"):
        env.pop(name, None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(6)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [err[-300:] for _, err in outs]
    assert len({out for out, _ in outs}) == 1
