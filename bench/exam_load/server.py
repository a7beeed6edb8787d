"""The web server under test: gunicorn in its own process group, killed with SIGKILL.

`asgi` (production, README): skillcert.asgi on uvicorn's worker (uvloop, httptools), the
autosave endpoint with group commit. `wsgi`: skillcert.wsgi on gthread workers, every save
through Django in its own transaction (the previous design, kept for comparison)."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env() -> dict:
    """The bench settings, the bench's own (test) database and the same keys, so the tokens
    minted here validate in the server and the sealed paper opens."""
    from django.conf import settings
    from django.db import connection

    d = connection.settings_dict
    url = f"postgres://{d['USER']}:{d['PASSWORD']}@{d['HOST']}:{d['PORT'] or 5432}/{d['NAME']}"
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": url,
        "SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": settings.FIELD_ENCRYPTION_KEY,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }


def _cpu_seconds(wanted) -> float:
    """CPU seconds (user + system) of the live processes for which wanted(proc dir, stat
    fields after the command name) is true; Linux /proc, 0 elsewhere."""
    total, tick = 0, os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if wanted(entry, fields):
                total += int(fields[11]) + int(fields[12])
        except OSError:
            continue
    return total / tick


def database_cpu_seconds(name: str) -> float:
    """CPU seconds of the PostgreSQL backends now connected to database `name` (their
    process title names it); backends that ended since are not counted."""
    title = f" {name} ".encode()

    def wanted(entry, fields) -> bool:
        return title in (entry / "cmdline").read_bytes().replace(b"\0", b" ")

    return _cpu_seconds(wanted)


class Server:
    """`gunicorn skillcert.<kind>` on 127.0.0.1:<port>; `kill()` is `kill -9` of the group."""

    def __init__(self, *, kind: str, workers: int, threads: int, log: Path):
        self.port, self.workers, self.threads, self.log = free_port(), workers, threads, log
        self.kind = kind
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.env = server_env()

    def describe(self) -> str:
        if self.kind == "asgi":
            return f"gunicorn skillcert.asgi --preload, {self.workers} uvicorn workers"
        return (
            f"gunicorn skillcert.wsgi --preload, {self.workers} workers x {self.threads} "
            "threads (gthread)"
        )

    def command(self) -> list[str]:
        if self.kind == "asgi":
            kind = ["-k", "uvicorn_worker.UvicornWorker"]
        elif self.threads > 1:
            kind = ["-k", "gthread", "--threads", str(self.threads)]
        else:
            kind = []
        return [
            sys.executable, "-m", "gunicorn", f"skillcert.{self.kind}:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers), *kind,
            "--backlog", "4096", "--keep-alive", "10", "--timeout", "60",
            "--log-level", "warning", "--preload",
        ]  # fmt: skip

    def start(self) -> None:
        with open(self.log, "a") as out:
            self.proc = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the master and its workers
            )

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once (no graceful anything)."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def cpu_seconds(self) -> float:
        """CPU seconds (user + system) used so far by the server's live processes (Linux)."""
        if self.proc is None:
            return 0.0
        pgid = self.proc.pid  # the process group: the master and its workers
        return _cpu_seconds(lambda entry, fields: int(fields[2]) == pgid)

    def wait_ready(self, timeout: float = 60.0) -> float:
        """Seconds until the server answers any HTTP request (blocking; used at start)."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            try:
                urlopen(f"{self.url}/exam/api/time", timeout=30)  # noqa: S310 - local
            except HTTPError:
                return time.perf_counter() - started  # 401: Django answers
            except (URLError, OSError):
                time.sleep(0.05)
        raise RuntimeError(f"server did not start in {timeout:.0f} s: see {self.log}")
