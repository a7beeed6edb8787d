"""`/healthz` for the load balancer (issue 15): JSON, no login, no rate limit; 503 naming
the part that failed, not logged as an application error; exempt from the HTTPS redirect."""

import json
import logging

import pytest
from django.core.cache import caches


def test_healthy_answers_200_json_without_login(client, db):
    r = client.get("/healthz")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    body = json.loads(r.content)
    assert body["ok"] is True
    assert set(body["checks"]) == {"database", "cache", "storage"}
    assert "no-cache" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]
    assert "sessionid" not in r.cookies


def test_many_requests_are_never_rate_limited(client, db):
    assert {client.get("/healthz").status_code for _ in range(40)} == {200}


def test_a_dead_cache_is_503_naming_it_and_not_logged_as_error(client, db, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    caches["default"]  # the new setting takes effect for this request
    with caplog.at_level(logging.WARNING, logger="django.request"):
        r = client.get("/healthz")
    assert r.status_code == 503
    body = json.loads(r.content)
    assert body["ok"] is False and body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert not [rec for rec in caplog.records if rec.name == "django.request"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_and_head(client, db, method):
    assert getattr(client, method)("/healthz").status_code == 405


def test_exempt_from_the_https_redirect(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/directory/").status_code == 301
