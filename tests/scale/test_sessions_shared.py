"""Sessions across web processes (issue 15): with REDIS_URL set, a login on one gunicorn
process is a login on the other (sessions cached in Redis in front of PostgreSQL), and a
logout on either ends it on both. Two real web processes on the test database."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
import redis
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from .conftest import this_database_url, web_processes

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Shared-session-2026"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _browser():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())

    def fetch(url, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with opener.open(url, body, timeout=30) as r:
                return r.status, r.headers, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read().decode()

    return fetch, jar


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_login_on_one_web_process_holds_on_the_other(postgres, redis_url, tmp_path):
    # The web processes run the production hashers: store a hash they know.
    get_user_model().objects.create(
        username="shared", password=PBKDF2PasswordHasher().encode(PASSWORD, "scale-salt")
    )
    url = this_database_url()
    fetch, jar = _browser()
    with web_processes(2, DATABASE_URL=url, REDIS_URL=redis_url, SKILLCERT_VAR=tmp_path) as (
        a,
        b,
    ):
        assert fetch(f"{b}/")[0] == 302  # not logged in: to the login page
        _, _, page = fetch(f"{a}/accounts/login/")
        status, headers, _ = fetch(
            f"{a}/accounts/login/",
            {"username": "shared", "password": PASSWORD, "csrfmiddlewaretoken": _csrf(page)},
        )
        assert status == 302 and "sessionid" in {c.name for c in jar}
        cached = redis.Redis.from_url(redis_url).keys("*sessions.cached_db*")
        assert len(cached) == 1  # the session is in Redis (and in the database behind it)
        status, _, home = fetch(f"{b}/")  # the other process knows the session
        assert status == 200 and "shared" in home
        _, _, page = fetch(f"{b}/")
        status, _, _ = fetch(f"{b}/accounts/logout/", {"csrfmiddlewaretoken": _csrf(page)})
        assert status == 302
        assert fetch(f"{a}/")[0] == 302  # logged out on b: logged out on a too
