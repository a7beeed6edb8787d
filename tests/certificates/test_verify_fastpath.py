"""The ASGI fast path of GET /api/verify (certificates/fastpath.py, PostgreSQL) answers what
the routed operation answers: the same status and JSON body for a valid, a void, a replaced,
an unknown and a malformed number, and when the address is over the rate limit."""

import asyncio
import json
import re
from datetime import date
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from skillcert.asgi import application
from skillcert.certificates import fastpath, services
from skillcert.certificates.models import Replacement
from tests.records.helpers import void_notice

from .conftest import issue

# Committed data: on PostgreSQL the fast path reads through its own connection.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PUBLIC = "203.0.113.9"  # not in RATE_LIMIT_EXEMPT


def _scope(query: dict | bytes, client: str, scheme: str) -> dict:
    qs = query if isinstance(query, bytes) else urlencode(query).encode()
    return {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": scheme, "path": fastpath.VERIFY_PATH, "raw_path": b"/api/verify",
        "query_string": qs, "root_path": "", "headers": [(b"host", b"127.0.0.1")],
        "client": (client, 50000), "server": ("127.0.0.1", 80),
    }  # fmt: skip


def _fast(query, client=PUBLIC, scheme="http") -> tuple[int, bytes, dict]:
    out, delivered = {"body": b""}, asyncio.Event()

    async def receive():
        if not delivered.is_set():
            delivered.set()
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client stays connected

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        else:
            out["body"] += message.get("body", b"")

    async def main():
        try:
            await application(_scope(query, client, scheme), receive, send)
        finally:
            await fastpath.close_current()

    asyncio.run(main())
    return out["status"], out["body"], out["headers"]


def _routed(client, query, address=PUBLIC, **extra) -> tuple[int, bytes]:
    return _routed_response(client, query, address, **extra)[:2]


def _routed_response(client, query, address=PUBLIC, **extra) -> tuple[int, bytes, dict]:
    qs = query if isinstance(query, bytes) else urlencode(query).encode()
    r = client.get(f"/api/verify?{qs.decode('latin-1')}", REMOTE_ADDR=address, **extra)
    return r.status_code, r.content, {k.lower(): v for k, v in r.headers.items()}


SECURITY_HEADERS = (
    "x-frame-options", "x-content-type-options", "referrer-policy",
    "cross-origin-opener-policy", "strict-transport-security", "content-type",
)  # fmt: skip


def _nonce_free(csp: str) -> str:
    return re.sub(r"'nonce-[^']*'", "'nonce'", csp)


@pytest.fixture
def certs(sitting, manager):
    valid, void, replaced = issue(sitting, 3, actor=manager)
    services.certificate_void(
        actor=manager, certificate=void, reason="违纪", voided_on=date(2025, 9, 1)
    )
    void_notice(replaced)  # CERT-10: declared void in public before the replacement
    services.replacement_create(
        actor=manager,
        certificate=replaced,
        reason=Replacement.LOST,
        applied_on=date(2025, 10, 8),
        replaced_on=date(2025, 10, 9),
        holder_name=replaced.holder_name,
        id_number=replaced.person.id_number,
    )
    return valid, void, replaced


def _queries(valid, void, replaced) -> list:
    return [
        {"number": valid.number, "name": valid.holder_name},
        {"number": " " + valid.number.lower(), "name": f" {valid.holder_name} "},
        {"number": void.number, "name": void.holder_name},
        {"number": replaced.number, "name": replaced.holder_name},
        {"number": valid.number[:-6] + "999999", "name": valid.holder_name},  # unknown
        {"number": valid.number, "name": "别人"},  # wrong name
        {"number": "Y123", "name": valid.holder_name},  # malformed
        {"number": valid.number, "name": "a\x00b"},  # NUL: no name holds it
        {"number": "", "name": ""},
        {},
    ]


def test_fast_path_answers_as_the_routed_operation_P4(postgres, client, certs):
    for query in _queries(*certs):
        cache.clear()
        fast_status, fast_body, headers = _fast(query)
        assert (fast_status, fast_body) == _routed(client, query), query
        assert headers["content-type"] == "application/json; charset=utf-8"
    valid, void, replaced = certs
    body = json.loads(_fast({"number": void.number, "name": void.holder_name})[1])
    assert (body["status"], body["voided_on"]) == ("void", "2025-09-01")
    body = json.loads(_fast({"number": valid.number, "name": valid.holder_name})[1])
    assert body["id_masked"] == valid.id_masked and valid.person.id_number not in str(body)


@override_settings(SKILLCERT_RULES={"verify_rate_per_minute": 2})
def test_fast_path_rate_limit_is_the_routed_one_P4(postgres, client, certs):
    valid = certs[0]
    query = {"number": valid.number, "name": valid.holder_name}
    fast = [_fast(query)[0] for _ in range(3)]
    routed = _routed(client, query)  # the same counter: this address is already over
    assert fast == [200, 200, 429] and routed[0] == 429
    cache.clear()
    assert [_routed(client, query)[0] for _ in range(2)] == [200, 200]
    assert _fast(query)[:2] == _routed(client, query)  # both 429, the same body
    with override_settings(RATE_LIMIT_EXEMPT=frozenset({"127.0.0.1"})):
        exempt = {_fast(query, client="127.0.0.1")[0] for _ in range(5)}
    assert exempt == {200}  # the bench's address (RATE_LIMIT_EXEMPT) is never counted


@pytest.mark.parametrize("secure", [False, True])
def test_fast_path_sends_the_routed_security_headers(postgres, client, certs, secure):
    valid = certs[0]
    query = {"number": valid.number, "name": valid.holder_name}
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=3600):
        fast = _fast(query, scheme="https" if secure else "http")[2]
        routed = _routed_response(client, query, secure=secure)[2]
    for name in SECURITY_HEADERS:
        assert fast.get(name) == routed.get(name), name
    assert _nonce_free(fast["content-security-policy"]) == _nonce_free(
        routed["content-security-policy"]
    )
    assert ("strict-transport-security" in fast) is secure


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_under_ssl_redirect_goes_to_django(postgres, certs):
    # Django's SecurityMiddleware (read once when the application loaded) redirects it.
    valid = certs[0]
    query = {"number": valid.number, "name": valid.holder_name}
    assert "vary" in _fast(query)[2]  # Django answered
    assert "vary" not in _fast(query, scheme="https")[2]  # the fast path answered


def test_unsure_requests_go_to_django(postgres, client, certs):
    valid = certs[0]
    repeated = urlencode([("number", valid.number), ("number", "x"), ("name", valid.holder_name)])
    for query in (repeated.encode(), b"number=%ff&name=x"):
        cache.clear()
        status, body, headers = _fast(query)
        assert (status, body) == _routed(client, query)
        assert "vary" in headers  # Django's middleware answered, not the fast path


def test_sqlite_keeps_the_routed_operation():
    if connection.vendor == "postgresql":
        pytest.skip("on SQLite only")
    inner = object()
    assert fastpath.with_verify_fast_path(inner) is inner
