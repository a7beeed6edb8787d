"""Redis for what every web process must share (issue 15): with REDIS_URL set, two separate
processes count one verification rate limit and one exam sign-in lockout, against the local
Redis server; sessions are cached there in front of the database."""

import textwrap
import time
import urllib.error
import urllib.request

import pytest

from .conftest import finish, run_child, start_children, web_processes

pytestmark = pytest.mark.redis

SETUP = """
import django
django.setup()
from django.test import RequestFactory
request = RequestFactory().post("/verify/", REMOTE_ADDR="203.0.113.7")
"""

VERIFY = (
    SETUP
    + """
from skillcert.certificates.verification import rate_limited
refused = sum(rate_limited(request) for _ in range({n}))
print("refused", refused)
"""
)


def test_two_processes_share_one_verification_rate_limit(redis_url, tmp_path):
    """30 lookups a minute per address (rules().verify_rate_per_minute) in all processes
    together: two processes making 25 each at the same time get 30 answers, not 50."""
    code = textwrap.dedent(VERIFY.replace("{n}", "25"))
    _same_minute(30)
    procs = start_children(2, ["-c", code], REDIS_URL=redis_url, SKILLCERT_VAR=tmp_path)
    refused = sum(int(out.split()[-1]) for out in finish(procs, timeout=120))
    assert refused == 50 - 30


def _same_minute(seconds_needed: int) -> None:
    """The verification limit counts per clock minute (a fixed window): start a count that
    must fall into one window with at least `seconds_needed` of that minute left."""
    into = time.time() % 60
    if into > 60 - seconds_needed:
        time.sleep(60 - into + 0.5)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_two_web_processes_share_one_verification_rate_limit(redis_url, tmp_path):
    """Two gunicorn web processes (as on two machines) behind one Redis: the public
    verification API answers 30 lookups a minute per address across both, 429 after."""
    # A number that cannot be one: the neutral 404 without a database query.
    query = "/api/verify?number=0&name=%E5%BC%A0%E4%B8%89"
    with web_processes(2, REDIS_URL=redis_url, SKILLCERT_VAR=tmp_path) as (a, b):
        _same_minute(20)
        statuses = [_status(f"{(a, b)[i % 2]}{query}") for i in range(40)]
    assert statuses[:30] == [404] * 30  # 15 answered by each process
    assert statuses[30:] == [429] * 10  # the 31st on either process is over the shared limit


LOCK = (
    SETUP
    + """
from skillcert.exams.signin import _fail, _locked
for _ in range({fails}):
    _fail("T0001", "203.0.113.7")
print("locked", _locked("T0001", "203.0.113.7"))
"""
)


def test_two_processes_share_one_exam_signin_lockout(redis_url, tmp_path):
    """EXAM-05: 5 wrong ticket/ID pairs lock the ticket: 3 on one web process and 2 on
    another lock it on both."""
    env = {"REDIS_URL": redis_url, "SKILLCERT_VAR": tmp_path}
    first = run_child(textwrap.dedent(LOCK.replace("{fails}", "3")), **env)
    assert first.split()[-1] == "False"
    second = run_child(textwrap.dedent(LOCK.replace("{fails}", "2")), **env)
    assert second.split()[-1] == "True"
    again = run_child(textwrap.dedent(LOCK.replace("{fails}", "0")), **env)
    assert again.split()[-1] == "True"  # the first process's side sees the lock too


def test_without_redis_each_process_counts_alone(tmp_path):
    """The default (one process, `make run`): local memory; nothing to share."""
    env = {"SKILLCERT_VAR": tmp_path}
    env_out = run_child(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)",
        **env,
    )
    assert env_out.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
    ]


def test_redis_url_caches_sessions_in_front_of_the_database(redis_url, tmp_path):
    out = run_child(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)",
        REDIS_URL=redis_url,
        SKILLCERT_VAR=tmp_path,
    )
    assert out.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]
