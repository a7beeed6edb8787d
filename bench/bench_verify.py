"""Public certificate verification (P4, issue 14) under the production server on PostgreSQL.

BENCH_VERIFY_CERTS (1,000,000) certificates, each with its holder and registration, are
cloned in SQL (INSERT ... SELECT over generate_series) from one certificate issued through
the services, so every row is what issue writes: numbers per CERT-01, holder names 考生<g>.
The server is `gunicorn skillcert.asgi --preload` with BENCH_VERIFY_WORKERS (2) uvicorn
workers, as README says production runs, with SKILLCERT_RATE_LIMIT_EXEMPT=127.0.0.1 so the
public per-address limit does not cap the bench's own address; the limit is checked to still
cap another address (127.0.0.2) in the same run.

Load: wrk (Debian's, C; `make bench` installs it), BENCH_VERIFY_CONNECTIONS (32) keep-alive
connections on one thread, BENCH_VERIFY_SECONDS (20) per endpoint, each request a random
certificate of the million looked up by number and name:
- page: POST /verify/ (the public form, CSRF token included), the certificate card rendered;
- api: GET /api/verify?number=&name= (JSON);
- baseline, same server and run: GET of a missing page, answered by Django's 404 (the HTTP
  stack, middleware and generator alone, no database).
Goal: >= 1,000 requests/s with p99 <= 50 ms at that rate, for each endpoint.
"""

import json
import os
import re
import shutil
import subprocess
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote, urlencode

CERTS = int(os.environ.get("BENCH_VERIFY_CERTS", "1000000"))
SECONDS = int(os.environ.get("BENCH_VERIFY_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_VERIFY_CONNECTIONS", "32"))
WORKERS = int(os.environ.get("BENCH_VERIFY_WORKERS", "2"))
GOAL_RATE, GOAL_P99_MS = 1000, 50.0
NAME = "考生"
LUA = Path(__file__).with_name("verify_load.lua")


def _load(n: int):
    """One certificate issued through the services, then n clones of holder, registration
    and certificate in three statements; (template certificate, seconds of the SQL)."""
    from bench.loading import analyze, bulk_load, clone
    from skillcert.certificates import services
    from skillcert.certificates.models import Certificate
    from skillcert.people.models import Person
    from skillcert.plans.models import Registration
    from tests import factories as f

    institution = f.filed_institution("查验压测学院")
    sitting = f.sitting(institution, level=4)
    f.registrations_with_results(sitting, 1)
    register = services.issue_register_create(actor=None, sitting=sitting)
    services.issue_register_review(actor=None, register=register)
    cert = services.issue_register_issue(actor=None, register=register)[0]
    cert = Certificate.objects.select_related("registration", "person").get(pk=cert.pk)
    prefix, level = cert.number[:13], cert.number[15]
    started = time.perf_counter()
    with bulk_load():
        clone(
            Person,
            cert.person_id,
            f"people_person t CROSS JOIN generate_series(1, {int(n)}) g",
            {"id_hash": "'bench:' || g", "name": f"'{NAME}' || g", "user_id": "NULL"},
        )
        clone(
            Registration,
            cert.registration_id,
            "plans_registration t JOIN people_person p ON p.id_hash LIKE 'bench:%%'",
            {"person_id": "p.id", "roster_import_id": "NULL"},
        )
        k = "(s.g - 1)"
        number = (
            f"'{prefix}' || lpad((10 + {k} / 900000)::text, 2, '0') || '{level}' || "
            f"lpad((mod({k}, 900000) + 1)::text, 6, '0')"
        )
        clone(
            Certificate,
            cert.pk,
            "certificates_certificate t CROSS JOIN ("
            "SELECT r.id AS rid, p.id AS pid, substr(p.id_hash, 7)::int AS g "
            "FROM plans_registration r JOIN people_person p ON p.id = r.person_id "
            f"WHERE r.sitting_id = {int(sitting.pk)} AND p.id_hash LIKE 'bench:%%') s",
            {
                "registration_id": "s.rid",
                "person_id": "s.pid",
                "holder_name": f"'{NAME}' || s.g",
                "number": number,
            },
        )
    analyze(Person, Registration, Certificate)
    return cert, prefix, level, time.perf_counter() - started


def _csrf(url: str) -> str:
    """The CSRF cookie of GET /verify/, as a browser gets it before posting the form."""
    host, port = url.removeprefix("http://").split(":")
    conn = HTTPConnection(host, int(port), timeout=30)
    conn.request("GET", "/verify/")
    response = conn.getresponse()
    response.read()
    cookie = response.getheader("Set-Cookie") or ""
    conn.close()
    match = re.search(r"csrftoken=([A-Za-z0-9]+)", cookie)
    if not match:
        raise SystemExit(f"no CSRF cookie from GET /verify/: {cookie!r}")
    return match.group(1)


def _ask(url: str, method: str, path: str, *, body: str = "", headers=None, source="127.0.0.1"):
    host, port = url.removeprefix("http://").split(":")
    conn = HTTPConnection(host, int(port), timeout=30, source_address=(source, 0))
    conn.request(method, path, body=body.encode() or None, headers=headers or {})
    response = conn.getresponse()
    data = response.read().decode()
    conn.close()
    return response.status, data


def _check_answers(url: str, prefix: str, level: str, csrf: str) -> None:
    """One certificate from the middle of the million on both endpoints, before timing."""
    g = CERTS // 2 + 1
    number = f"{prefix}{10 + (g - 1) // 900000:02d}{level}{(g - 1) % 900000 + 1:06d}"
    holder = f"{NAME}{g}"
    status, data = _ask(url, "GET", "/api/verify?" + urlencode({"number": number, "name": holder}))
    if status != 200 or json.loads(data)["holder_name"] != holder:
        raise SystemExit(f"GET /api/verify of {number}: {status} {data[:200]}")
    body = urlencode({"number": number, "name": holder, "csrfmiddlewaretoken": csrf})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf}",
    }
    status, data = _ask(url, "POST", "/verify/", body=body, headers=headers)
    if status != 200 or holder not in data or number not in data:
        raise SystemExit(f"POST /verify/ of {number}: {status} {data[:300]}")


def _public_still_limited(url: str) -> str:
    """The public limit still holds for an address that is not exempt (127.0.0.2)."""
    from skillcert.core.rules import rules

    limit = rules().verify_rate_per_minute
    # Each worker counts in its own local-memory cache: twice the limit per worker is enough
    # for every worker to see more than its limit whichever takes the connections.
    codes = [
        _ask(url, "GET", "/api/verify?number=x&name=y", source="127.0.0.2")[0]
        for _ in range(2 * limit * WORKERS + 2)
    ]
    refused = codes.count(429)
    if not refused:
        raise SystemExit(f"the public rate limit did not cap 127.0.0.2: {set(codes)}")
    return f"{len(codes)} requests from 127.0.0.2 (limit {limit}/min): {refused} answered 429"


def _wrk(server, mode: str, env: dict) -> dict:
    """One wrk run; its figures, with the CPU seconds the server, the database's backends
    and wrk itself used during it."""
    from django.db import connection

    from bench.exam_load.server import database_cpu_seconds

    url, db = server.url, connection.settings_dict["NAME"]
    cpu = (server.cpu_seconds(), database_cpu_seconds(db), _children_cpu())
    out = subprocess.run(
        [
            "wrk", "-t", "1", "-c", str(CONNECTIONS), "-d", f"{SECONDS}s", "--timeout", "10s",
            "-s", str(LUA), url,
        ],
        env=os.environ | env | {"BENCH_VERIFY_MODE": mode},
        capture_output=True, text=True, check=True, timeout=SECONDS + 60,
    )  # fmt: skip
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result: {out.stdout[-500:]} {out.stderr[-500:]}")
    v = [int(x) for x in line.split()[1:]]
    keys = ("requests", "us", "p50", "p90", "p99", "max")
    keys += ("connect", "read", "write", "status", "timeout", "bytes")
    r = dict(zip(keys, v, strict=True))
    r["rate"] = r["requests"] / (r["us"] / 1e6)
    r["errors"] = r["connect"] + r["read"] + r["write"] + r["timeout"]
    after = (server.cpu_seconds(), database_cpu_seconds(db), _children_cpu())
    r["cpu_ms"] = [1000 * (b - a) / max(r["requests"], 1) for a, b in zip(cpu, after, strict=True)]
    return r


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _line(label: str, r: dict, *, expect_status_errors: bool = False) -> str:
    bad = r["requests"] if expect_status_errors else 0
    status_note = f"{r['status']} non-2xx" + (" (expected: all)" if expect_status_errors else "")
    ok = "" if r["status"] == bad else " UNEXPECTED STATUS"
    server, db, gen = r["cpu_ms"]
    cores = os.cpu_count() or 1
    return (
        f"   {label}: {r['rate']:,.0f} req/s; p50 {r['p50'] / 1000:.1f} ms, p90 "
        f"{r['p90'] / 1000:.1f} ms, p99 {r['p99'] / 1000:.1f} ms, max {r['max'] / 1000:.1f} ms "
        f"(n={r['requests']}); socket errors {r['errors']}, {status_note}{ok}\n"
        f"      CPU per request: server {server:.2f} ms, PostgreSQL {db:.2f} ms, wrk {gen:.2f} ms"
        f" = {server + db + gen:.2f} ms, i.e. at most {1000 * cores / (server + db + gen):,.0f} "
        f"req/s on {cores} idle cores"
    )


def run() -> None:
    from django.conf import settings
    from django.db import connection

    from bench.exam_load.server import Server

    if connection.vendor != "postgresql":
        print("   skipped: needs PostgreSQL (set DATABASE_URL=postgres://...)")
        return
    if not shutil.which("wrk"):
        print("   skipped: needs wrk (make bench-sysdeps installs Debian's)")
        return
    print(f"   machine load average at the start: {os.getloadavg()[0]:.1f}", flush=True)
    cert, prefix, level, load_s = _load(CERTS)
    print(f"   {CERTS:,} certificates with holders and registrations loaded in {load_s:.1f} s")
    log = settings.VAR_DIR / "bench" / "verify_server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    server = Server(kind="asgi", workers=WORKERS, threads=1, log=log)
    server.env["SKILLCERT_RATE_LIMIT_EXEMPT"] = "127.0.0.1"
    try:
        server.start()
        ready = server.wait_ready()
        print(
            f"   server: {server.describe()}, ready in {ready:.1f} s; rate limit exempt: "
            "127.0.0.1 (SKILLCERT_RATE_LIMIT_EXEMPT)"
        )
        csrf = _csrf(server.url)
        _check_answers(server.url, prefix, level, csrf)
        print(f"   public limit kept: {_public_still_limited(server.url)}")
        env = {
            "BENCH_VERIFY_CERTS": str(CERTS),
            "BENCH_VERIFY_PREFIX": prefix,
            "BENCH_VERIFY_LEVEL": level,
            "BENCH_VERIFY_NAME": quote(NAME),
            "BENCH_VERIFY_CSRF": csrf,
        }
        print(
            f"   wrk: 1 thread, {CONNECTIONS} connections, {SECONDS} s each, a random "
            f"certificate of {CERTS:,} per request",
            flush=True,
        )
        base = _wrk(server, "404", env)
        print(_line("baseline GET /bench-missing/ (Django 404, no database)", base,
                    expect_status_errors=True))  # fmt: skip
        results = {}
        for mode, label in (("page", "POST /verify/ (page, card rendered)"),
                            ("api", "GET /api/verify (JSON)")):  # fmt: skip
            results[mode] = r = _wrk(server, mode, env)
            print(_line(label, r))
    finally:
        server.kill()
    for mode, r in results.items():
        met = r["rate"] >= GOAL_RATE and r["p99"] / 1000 <= GOAL_P99_MS and not r["errors"]
        met = met and r["status"] == 0
        print(
            f"   {mode}: ratio to the 404 baseline {r['rate'] / base['rate']:.2f} (req/s), "
            f"p99 {r['p99'] / max(base['p99'], 1):.1f}x; goal >= {GOAL_RATE:,} req/s with p99 "
            f"<= {GOAL_P99_MS:.0f} ms: {'MET' if met else 'MISSED'}"
        )
    print(f"   machine load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
