"""Issue 16 item 30: `make run PORT=…` starts web and worker with SITE_URL on that port, so the
certificates' QR codes (CERT-05) point to the server the user started, not to port 8000."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _dry_run(tool, *args, **env) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | env
    out = subprocess.run(
        [tool("make"), "-n", "run", *args],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return [line for line in out.stdout.splitlines() if "-m skillcert" in line]


def test_site_url_follows_the_port(tool):
    lines = [x for x in _dry_run(tool, "PORT=8123") if "runserver" in x or "db_worker" in x]
    assert len(lines) == 2
    assert all("SITE_URL=http://127.0.0.1:8123 " in x for x in lines), lines


def test_a_given_site_url_wins(tool):
    lines = [x for x in _dry_run(tool, "PORT=8123", SITE_URL="https://jianding.example.cn")
             if "runserver" in x]  # fmt: skip
    assert lines and "SITE_URL=https://jianding.example.cn " in lines[0]
