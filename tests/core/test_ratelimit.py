"""core.ratelimit: the public per-address limit, and the addresses exempt from it
(settings.RATE_LIMIT_EXEMPT from env SKILLCERT_RATE_LIMIT_EXEMPT, for the verification
bench's own load generator): an exempt address is never capped, every other one still is."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from skillcert.core.ratelimit import RateLimit

ROOT = Path(__file__).resolve().parents[2]
BENCH, PUBLIC = "127.0.0.1", "203.0.113.7"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _hits(limit: RateLimit, address: str, n: int) -> list[bool]:
    request = RequestFactory().get("/verify/", REMOTE_ADDR=address)
    return [limit.hit(request) for _ in range(n)]


@override_settings(RATE_LIMIT_EXEMPT=frozenset({BENCH}))
def test_exempt_address_is_not_capped_others_are():
    limit = RateLimit("verify", 3, 60)
    assert _hits(limit, BENCH, 50) == [False] * 50
    assert _hits(limit, PUBLIC, 5) == [False, False, False, True, True]


def test_no_address_is_exempt_by_default():
    assert _hits(RateLimit("verify", 2, 60), BENCH, 3) == [False, False, True]


@override_settings(RATE_LIMIT_EXEMPT=frozenset({BENCH}))
@override_settings(SKILLCERT_RULES={"verify_rate_per_minute": 2})
def test_verify_api_answers_the_exempt_address_past_the_limit(client):
    query = {"number": "x", "name": "y"}
    public = [client.get("/api/verify", query, REMOTE_ADDR=PUBLIC) for _ in range(3)]
    assert [r.status_code for r in public] == [404, 404, 429]
    bench = [client.get("/api/verify", query) for _ in range(10)]  # REMOTE_ADDR 127.0.0.1
    assert {r.status_code for r in bench} == {404}


def test_setting_is_read_from_the_environment():
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "skillcert.settings",
        "SKILLCERT_DEBUG": "true",
        "SKILLCERT_RATE_LIMIT_EXEMPT": " 127.0.0.1, ::1 ,",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    probe = "from django.conf import settings as s; print(sorted(s.RATE_LIMIT_EXEMPT))"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    assert out.stdout.strip().splitlines()[-1] == "['127.0.0.1', '::1']"
