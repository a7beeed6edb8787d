"""A candidate takes an online exam in Chromium while the network drops and the server is
killed and restarted; every answer arrives, the 15-minute warning shows (EXAM-06), the page
auto-submits at the end and the paper is scored (EXAM-05, EXAM-07; the durable autosave
queue of skillcert/static/exams/exam.js).

pytest-django's live_server cannot be restarted, so the exam server is our own subprocess:
the production server (`gunicorn skillcert.asgi` with uvicorn's worker; on PostgreSQL the
autosave endpoint with group commit) on a free port, against the data this test made: on
SQLite the in-memory test database is copied to a file; on PostgreSQL the server uses the
test database itself (transaction=True: the rows are committed). The whole server (master
and worker) is killed with SIGKILL mid-exam while the page keeps answering into its queue.
"""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.exams.e2e_server import setup

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROOT = Path(__file__).resolve().parents[2]
END_IN = 70  # seconds from setup to the end of the exam (two server starts on a busy CI)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        target = tmp_path / "exam.sqlite3"
        with sqlite3.connect(target) as dest:
            connection.ensure_connection()
            connection.connection.backup(dest)
        return f"sqlite:///{target}"
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Server:
    def __init__(self, env: dict, port: int, log: Path):
        self.env, self.port, self.log, self.proc = env, port, log, None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "skillcert.asgi:application",
             "-k", "uvicorn_worker.UvicornWorker", "--workers", "1", "--preload",
             "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT, env=self.env, stdout=self.log.open("a"), stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the master and its worker
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("exam server did not start: " + self.log.read_text()[-2000:])

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)


def _report(env: dict, exam: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.exams.e2e_server", "report", str(exam)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_answers_survive_offline_and_a_killed_server_EXAM_05_EXAM_06_EXAM_07(browser, tmp_path):
    data = setup(END_IN)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "DATABASE_URL": _database_url(tmp_path),
        "SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": settings.FIELD_ENCRYPTION_KEY,
        "SKILLCERT_VAR": str(tmp_path),
        "SKILLCERT_DEBUG": "true",
    }
    port = _free_port()
    server = Server(env, port, tmp_path / "server.log")
    server.start()
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20000)
    base = f"http://127.0.0.1:{port}"
    try:
        page.goto(f"{base}/exam/{data['exam']}/")
        page.fill("#ticket", data["ticket"])
        page.fill("#id_number", data["id_number"])
        page.click("button[type=submit]")
        page.wait_for_selector("#item-1007")
        # EXAM-06: the exam ends in about a minute, so the 15-minute warning is on screen.
        warning = page.locator("#end-warning")
        warning.wait_for(state="visible")
        assert "距考试结束不足15分钟" in warning.inner_text()

        def pick(item: int, text: str):
            page.click(f"#item-{item} label.opt:has-text('{text}')")

        def sync_is(text: str, timeout: int = 20000):
            page.wait_for_function(
                "t => document.getElementById('sync').textContent === t", arg=text, timeout=timeout
            )

        # 1. Online: answers are saved.
        pick(1000, "甲")
        pick(1001, "甲")
        pick(1001, "丙")
        pick(1002, "正确")
        sync_is("已保存")

        # 2. The network drops: answers wait in the local queue.
        context.set_offline(True)
        page.fill("#item-1003 input[data-blank='0']", "螺纹")
        page.fill("#item-1003 input[data-blank='1']", "M10")
        pick(1004, "乙")
        page.wait_for_timeout(1500)
        sync_is("未同步 2 条")

        # 3. The network is back but the server is killed: still queued.
        server.kill()
        context.set_offline(False)
        pick(1005, "甲")
        pick(1005, "丙")
        pick(1006, "错误")
        pick(1004, "丙")  # a change while the server is down (a newer seq)
        page.wait_for_timeout(2000)
        sync_is("未同步 4 条")

        # 4. The server comes back: the queue drains by itself.
        server.start()
        sync_is("已保存", timeout=30000)

        # 5. A reload restores every answer from the server.
        page.reload()
        page.wait_for_selector("#item-1007")
        assert page.is_checked("#item-1004 label.opt:has-text('丙') input")
        assert page.is_checked("#item-1001 label.opt:has-text('丙') input")
        assert page.input_value("#item-1003 input[data-blank='1']") == "M10"
        page.fill("#item-1007 input[data-blank='0']", "螺纹")
        page.fill("#item-1007 input[data-blank='1']", "Ｍ１０")  # full-width: still right
        sync_is("已保存")
        assert page.locator("nav#navigator .nav.answered").count() == 8
        assert page.is_disabled("#submit")  # EXAM-05: no submitting before the end

        # 6. The end: the page submits by itself.
        page.wait_for_selector("#done:not([hidden])", timeout=(END_IN + 30) * 1000)
        assert page.is_hidden("#end-warning")  # submitted: the warning is gone
    finally:
        context.close()
        server.kill()

    out = _report(env, data["exam"])
    if connection.vendor == "postgresql":
        # Under Playwright's sync API this body runs in another context than the fixtures,
        # so Django opened a second connection here: close it, or the test database cannot
        # be dropped at the end of the session.
        connection.close()
    assert out["submitted_by"] == "auto"
    assert {k: v["original"] for k, v in out["answers"].items()} == {
        "1000": [0],
        "1001": [0, 2],
        "1002": True,
        "1003": ["螺纹", "M10"],
        "1004": [2],
        "1005": [0, 2],
        "1006": False,
        "1007": ["螺纹", "M10"],
    }
    # 7 of 8 items right, 10 points each: 70 / 80 scaled to 100 (EXAM-07)
    assert out["score"] == "87.5" and out["theory_score"] == "87.5"
