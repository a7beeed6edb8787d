"""The real parts of a scaled-out site, started or reached from the tests: an S3-compatible
server (moto's, on a free port), the local Redis (db numbers 5-9 are this suite's), and
PostgreSQL. Each skips locally when missing and fails under CI=true (tests/conftest.need)."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import need

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("SKILLCERT_TEST_REDIS", "redis://127.0.0.1:6379/6")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_env(**extra) -> dict:
    """The environment of a second process running the project (a worker, a web process)."""
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "SKILLCERT_DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "skillcert.settings",
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


def this_database_url() -> str:
    """The URL of the database this test runs on, for a second process to use it too."""
    from django.db import connection

    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}@{host}/{db['NAME']}"


def start(args: list[str], *, stdout=subprocess.PIPE, **env) -> subprocess.Popen:
    """`python ARGS…` of the project started in the background."""
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=child_env(**env),
        stdout=stdout, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def start_children(count: int, args: list[str], **env) -> list[subprocess.Popen]:
    """`count` processes of `python ARGS…` started at once (to run side by side)."""
    return [start(args, **env) for _ in range(count)]


def finish(procs: list[subprocess.Popen], timeout: int = 300) -> list[str]:
    """Wait for `procs`; each must succeed. Their outputs, in order."""
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=timeout)
        assert p.returncode == 0, err[-3000:]
        outs.append(out)
    return outs


def run_child(code: str, timeout: int = 120, **env) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT, env=child_env(**env), capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


@contextmanager
def web_processes(count: int, **env):
    """`count` gunicorn web processes of the project (as on `count` machines) on free
    ports, stopped on leaving; yields their base URLs."""
    ports = [free_port() for _ in range(count)]
    gunicorn = ["-m", "gunicorn", "skillcert.wsgi", "-w", "1", "-b"]
    servers = [
        start([*gunicorn, f"127.0.0.1:{p}"], stdout=subprocess.DEVNULL, **env) for p in ports
    ]
    try:
        for port, server in zip(ports, servers, strict=True):
            # Ready when Django answers (the worker loads the project after binding the port).
            deadline = time.monotonic() + 120
            while True:
                assert server.poll() is None, server.stderr.read()[-3000:]
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=60)
                    break
                except urllib.error.HTTPError:
                    break  # an answer all the same (a 503 from a part the test leaves out)
                except OSError:
                    assert time.monotonic() < deadline, "the web process did not start"
                    time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


@pytest.fixture
def redis_url():
    """The local Redis, this suite's db flushed before and after."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
    except Exception:
        client = None
    need(client is not None, f"Redis at {REDIS_URL}")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server in this process (a thread), reached over real HTTP by boto3."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        ThreadedMotoServer = None
    need(ThreadedMotoServer is not None, "moto[server] (pip install 'moto[server]')")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield f"127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, settings):
    """Default storage on a fresh bucket of the S3 server, configured by STORAGE_URL as in
    production; yields the boto3 bucket to look at what is stored."""
    import boto3

    from skillcert.settings import file_storage

    bucket_name = f"skillcert-{free_port()}"
    resource = boto3.resource(
        "s3",
        endpoint_url=f"http://{s3_endpoint}",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    bucket = resource.create_bucket(Bucket=bucket_name)
    url = f"s3://test:test@{s3_endpoint}/{bucket_name}/media?tls=false&region=us-east-1"
    settings.STORAGES = {**settings.STORAGES, "default": file_storage(url)}
    yield bucket
    bucket.objects.all().delete()
    bucket.delete()
