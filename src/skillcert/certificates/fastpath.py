"""An ASGI wrapper that answers `GET /api/verify` itself on PostgreSQL; every other request
(and every request on SQLite) goes on to the application it wraps, unchanged.

Why: public verification (P4, issue 14) should take 1,000 lookups/s on a 2-core machine.
Through Django and django-ninja a lookup cost ~3 ms of CPU, most of it middleware, URL
resolution, the ORM and the schema, for an answer that needs none of them: no session, no
cookie, no CSRF (a GET), one row. Here a lookup is the routed operation's steps done
directly: the same rate limit (verification.verify_limit, RATE_LIMIT_EXEMPT honoured), the
same normalisation (selectors.verify_key), one prepared statement on this process's own
psycopg connection, and the same JSON body and status codes (tests/certificates/
test_verify_fastpath.py compares both). A request it is not sure of (another method, a
repeated or undecodable parameter, a host Django would refuse) goes to Django, whose answer
is then the contract by definition. The routed operation stays for the test client and for
servers started without this wrapper (runserver, SQLite).
"""

import asyncio
import json
import logging
import secrets
from urllib.parse import parse_qsl

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http.request import split_domain_port, validate_host

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.core.api_errors import HTTP_ERRORS, error_body
from skillcert.core.csp import policy
from skillcert.core.errors import NotFound
from skillcert.exams.groupcommit import connect_params

from .models import Certificate
from .selectors import verify_key
from .verification import NEUTRAL_MESSAGE, RATE_LIMIT_MESSAGE, verify_limit

VERIFY_PATH = "/api/verify"
log = logging.getLogger(__name__)

# The columns of api.CertificateOut, in its order (status_label and level_label are derived).
COLUMNS = [
    "number", "holder_name", "id_masked", "occupation_code", "occupation_name",
    "job_type_name", "level", "issuer_name", "issued_on", "status", "voided_on",
]  # fmt: skip
LOOKUP = (
    f"SELECT {', '.join(COLUMNS)} FROM {Certificate._meta.db_table} "
    "WHERE number = %s AND holder_name = %s LIMIT 1"
)
STATUS_LABELS = dict(Certificate.STATUSES)
NOT_FOUND = (404, error_body(NotFound.code, NEUTRAL_MESSAGE))
LIMITED = (429, error_body(HTTP_ERRORS[429][0], RATE_LIMIT_MESSAGE))


def with_verify_fast_path(app):
    alias = getattr(settings, "SKILLCERT_READ_REPLICA", None) or DEFAULT_DB_ALIAS
    if connections[alias].vendor != "postgresql":
        return app  # SQLite: the routed operation
    settings_dict = connections[alias].settings_dict  # read when a process first connects

    async def application(scope, receive, send):
        if scope["type"] == "lifespan":
            return await app(scope, receive, _closing_on_shutdown(send))
        if scope["type"] != "http" or scope["path"] != VERIFY_PATH or scope["method"] != "GET":
            return await app(scope, receive, send)
        query = _query(scope)
        secure = _secure(scope)
        if query is None or not _host_ok(scope) or (settings.SECURE_SSL_REDIRECT and not secure):
            return await app(scope, receive, send)  # Django answers (400, the HTTPS redirect)
        status, payload = await _verify(scope, query, settings_dict)
        await _respond(send, status, payload, secure)

    return application


def _query(scope) -> dict | None:
    """number and name as django-ninja reads them, or None to let Django decide."""
    try:
        pairs = parse_qsl(
            scope.get("query_string", b"").decode("ascii"),
            keep_blank_values=True,
            strict_parsing=False,
            encoding="utf-8",
            errors="strict",
            max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        )
    except (UnicodeDecodeError, ValueError):
        return None
    query = {}
    for key, value in pairs:
        if key in query:
            return None  # a repeated parameter: Django's reading is the contract
        query[key] = value
    return query


def _host_ok(scope) -> bool:
    """Django's ALLOWED_HOSTS check (it answers 400 otherwise)."""
    host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
    domain, _port = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return bool(domain) and validate_host(domain, allowed)


def _secure(scope) -> bool:
    """request.is_secure() as Django reads it (the proxy's header when SKILLCERT_PROXY_SSL)."""
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        name = proxy[0].removeprefix("HTTP_").replace("_", "-").lower().encode()
        value = dict(scope["headers"]).get(name, b"").decode("latin-1")
        return value.split(",")[0].strip() == proxy[1]
    return scope.get("scheme") == "https"


async def _verify(scope, query: dict, settings_dict: dict) -> tuple[int, dict]:
    client = scope.get("client")
    if verify_limit().hit_address((client[0] if client else "") or "unknown"):
        return LIMITED
    key = verify_key(number=query.get("number", ""), name=query.get("name", ""))
    if key is None:
        return NOT_FOUND
    row = await _reader(settings_dict).fetch(key)
    if row is None:
        return NOT_FOUND
    cert = dict(zip(COLUMNS, row, strict=True))
    return 200, {
        **{c: cert[c] for c in COLUMNS[:7]},
        "level_label": LEVEL_LABELS.get(cert["level"], str(cert["level"])),
        "issuer_name": cert["issuer_name"],
        "issued_on": cert["issued_on"].isoformat(),
        "status": cert["status"],
        "status_label": STATUS_LABELS.get(cert["status"], cert["status"]),
        "voided_on": cert["voided_on"].isoformat() if cert["voided_on"] else None,
    }


class Reader:
    """One autocommit connection per process and event loop; the lookup a prepared statement."""

    def __init__(self, connect: dict):
        self.loop = asyncio.get_running_loop()
        self._connect, self._conn = connect, None

    async def fetch(self, key: tuple[str, str]) -> tuple | None:
        try:
            conn = await self._connection()
            cur = await conn.execute(LOOKUP, key, prepare=True)
            return await cur.fetchone()
        except psycopg.OperationalError:
            await self.close()  # a broken connection: the next lookup opens a new one
            raise

    async def _connection(self) -> psycopg.AsyncConnection:
        if self._conn is None or self._conn.closed:
            self._conn = await psycopg.AsyncConnection.connect(**self._connect, autocommit=True)
        return self._conn

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close, too
                log.debug("closing a broken verification connection failed", exc_info=True)


_current: Reader | None = None


def _reader(settings_dict: dict) -> Reader:
    """The reader of this process's running event loop (a forked worker or a new loop makes
    its own: neither connections nor asyncio objects cross them)."""
    global _current
    if _current is None or _current.loop is not asyncio.get_running_loop():
        _current = Reader(connect_params(settings_dict))
    return _current


async def close_current() -> None:
    global _current
    if _current is not None:
        reader, _current = _current, None
        await reader.close()


def _closing_on_shutdown(send):
    """The wrapped application answers lifespan; this connection closes before it says done."""

    async def wrapped(message):
        if message["type"] == "lifespan.shutdown.complete":
            await close_current()
        await send(message)

    return wrapped


async def _respond(send, status: int, payload: dict, secure: bool) -> None:
    body = json.dumps(payload).encode()  # ASCII escapes, as django-ninja's renderer writes
    headers = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *_security_headers(secure),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _security_headers(secure: bool) -> list[tuple[bytes, bytes]]:
    """What Django's SecurityMiddleware, core.csp and XFrameOptionsMiddleware add to a JSON
    answer of the routed operation (the test compares them)."""
    csp = policy(VERIFY_PATH, secrets.token_urlsafe(16)).encode()
    headers = [(b"content-security-policy", csp)]
    headers.append((b"x-frame-options", settings.X_FRAME_OPTIONS.encode()))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append((b"x-content-type-options", b"nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        headers.append((b"referrer-policy", str(settings.SECURE_REFERRER_POLICY).encode()))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        coop = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY.encode()
        headers.append((b"cross-origin-opener-policy", coop))
    if secure and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        hsts += "; includeSubDomains" if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS else ""
        hsts += "; preload" if settings.SECURE_HSTS_PRELOAD else ""
        headers.append((b"strict-transport-security", hsts.encode()))
    return headers
