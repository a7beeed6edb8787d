"""Statistics and reports at a province's scale (issue 13), on PostgreSQL.

The world (bench/region.py): one authority region with BENCH_STATS_INSTITUTIONS (200)
institutions, BENCH_STATS_REGISTRATIONS (1,500,000) registrations and BENCH_STATS_CERTIFICATES
(1,000,000) certificates, loaded by COPY; then, with the authority's staff user logged in
(Django's test Client through the whole middleware, DEBUG off), BENCH_STATS_RUNS (7) warm
runs of each page after one warm-up:
- the dashboard `reports_dashboard`, unfiltered and filtered by period, institution and
  occupation; `reports_drill` and `reports_export` of every section;
- the yearly report `reports_yearly_xlsx` of the largest institution for last year.
Baseline, same run: `SELECT COUNT(*)` over the certificates (warm, median of 11).
Goal: every dashboard view <= 300 ms, the yearly report <= 2 s. A view over its goal gets
its slowest statements printed, with EXPLAIN ANALYZE of the slowest.
A URL name that does not exist (yet) is skipped with a note, so the bench never crashes.
"""

import os
import statistics
import time
from datetime import date

RUNS = int(os.environ.get("BENCH_STATS_RUNS", "7"))
SECTIONS = ["institutions", "sittings", "candidates", "certificates", "overdue", "complaints"]
SECTIONS += ["inspections"]
GOAL_VIEW_MS, GOAL_YEARLY_MS = 300.0, 2000.0


def _scale():
    from bench.region import Scale

    env = os.environ.get
    return Scale(
        institutions=int(env("BENCH_STATS_INSTITUTIONS", "200")),
        sittings_per_institution=int(env("BENCH_STATS_SITTINGS", "40")),
        registrations=int(env("BENCH_STATS_REGISTRATIONS", "1500000")),
        certificates=int(env("BENCH_STATS_CERTIFICATES", "1000000")),
    )


def _baseline() -> list[float]:
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for _ in range(12):
            started = time.perf_counter()
            cursor.execute("SELECT COUNT(*) FROM certificates_certificate")
            cursor.fetchone()
            times.append(1000 * (time.perf_counter() - started))
    return times[1:]  # the first one warms the cache


def _targets(region, today: date) -> list[tuple]:
    """(label, URL name, args, query, goal in ms) of every page timed."""
    biggest = _largest_institution(region)
    occupation = region.occupations[0]
    year = today.year - 1
    period = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    filters = [
        ("no filter", {}),
        (f"period {year}", period),
        ("institution", {"institution": biggest}),
        (f"occupation {occupation.code}", {"occupation": occupation.code}),
        ("all three", period | {"institution": biggest, "occupation": occupation.code}),
    ]
    targets = [
        (f"dashboard, {label}", "reports_dashboard", [], q, GOAL_VIEW_MS) for label, q in filters
    ]
    for name, what in (("reports_drill", "drill"), ("reports_export", "export .xlsx")):
        for section in SECTIONS:
            targets.append((f"{what} {section}", name, [section], {}, GOAL_VIEW_MS))
    targets.append(
        (
            f"yearly report {year}, institution {biggest}",
            "reports_yearly_xlsx",
            [biggest, year],
            {},
            GOAL_YEARLY_MS,
        )
    )
    return targets


def _largest_institution(region) -> int | None:
    from django.db.models import Count

    from skillcert.certificates.models import Certificate

    row = (
        Certificate.objects.filter(institution__authority=region.authority)
        .values("institution_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return row and row["institution_id"]


def _member(iid: int):
    """A client logged in as the institution's director: the yearly report is the
    institution's own document (institutions.web.institution_for)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from skillcert.institutions.models import Membership

    user, _ = get_user_model().objects.get_or_create(username=f"bench-director-{iid}")
    Membership.objects.get_or_create(user=user, institution_id=iid, role=Membership.DIRECTOR)
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    return client


def _url(name: str, args: list) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _time(client, url: str, query: dict) -> tuple[list[float], int, int]:
    """Warm-up, then RUNS timed requests; (ms each, status, bytes)."""
    response = client.get(url, query)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        r = client.get(url, query)
        if r.streaming:
            b"".join(r.streaming_content)
        times.append(1000 * (time.perf_counter() - started))
    return times, response.status_code, len(body)


def _profile(client, url: str, query: dict) -> list[dict]:
    """The statements of one more request, slowest first (DEBUG's cursor, for this one)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        r = client.get(url, query)
        if r.streaming:
            b"".join(r.streaming_content)
    return sorted(captured.captured_queries, key=lambda q: -float(q["time"]))


def _explain(queries: list[dict]) -> None:
    """The three slowest statements and the plan of the slowest SELECT."""
    from django.db import connection

    for q in queries[:3]:
        print(f"      {1000 * float(q['time']):8.1f} ms  {q['sql'][:700]}")
    slow = next((q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")), None)
    if slow:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slow)
            for (line,) in cursor.fetchall()[:45]:
                print(f"         {line}")


def _tally_cold() -> None:
    """The per-sitting tallies (reports.tally) counted from nothing, as after a bulk load that
    sent no signals: the one-off cost the first dashboard read pays; later reads count only
    the sittings written since."""
    from skillcert.plans.models import Sitting
    from skillcert.reports.models import SittingTally
    from skillcert.reports.tally import recount

    SittingTally.objects.all().delete()
    ids = list(Sitting.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    recount(ids)
    took = time.perf_counter() - started
    print(f"   tallies of all {len(ids):,} sittings counted from nothing: {took:,.1f} s")


def run() -> None:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from bench.region import build_region, existing_region

    if connection.vendor != "postgresql":
        print("   skipped: needs PostgreSQL (set DATABASE_URL=postgres://...)")
        return
    print(f"   machine load average at the start: {os.getloadavg()[0]:.1f}", flush=True)
    today = timezone.localdate()
    region = existing_region() if os.environ.get("BENCH_KEEPDB") == "1" else None
    if region is None:
        started = time.perf_counter()
        region = build_region(_scale(), today=today, progress=lambda x: print(x, flush=True))
        took = time.perf_counter() - started
        print(f"   world generated in {took:.1f} s (today {today}):")
        print("      " + ", ".join(f"{k} {v:,}" for k, v in region.counts.items()))
    else:
        n = len(region.institution_ids)
        print(f"   BENCH_KEEPDB=1: the region generated before ({n} institutions) reused")
    base = _baseline()
    base_ms = statistics.median(base)
    print(
        f"   baseline SELECT COUNT(*) FROM certificates_certificate: median {base_ms:.1f} ms, "
        f"max {max(base):.1f} ms (n={len(base)})",
        flush=True,
    )
    _tally_cold()
    authority = Client(SERVER_NAME="localhost")
    authority.force_login(region.user)
    over, results = [], []
    for label, name, args, query, goal in _targets(region, today):
        client = authority if not name.startswith("reports_yearly") else _member(args[0])
        url = _url(name, args)
        if url is None:
            print(f"   {label}: skipped, no URL named {name!r} with args {args} (not merged yet?)")
            continue
        times, status, size = _time(client, url, query)
        med = statistics.median(times)
        met = status == 200 and med <= goal
        results.append((label, med, met))
        queries = _profile(client, url, query)
        sql_ms = 1000 * sum(float(q["time"]) for q in queries)
        print(
            f"   {label}: median {med:,.0f} ms, max {max(times):,.0f} ms (n={RUNS}, HTTP "
            f"{status}, {size:,} bytes); {med / base_ms:,.1f}x the baseline; goal <= "
            f"{goal:,.0f} ms: {'MET' if met else 'MISSED'}; {len(queries)} statements, "
            f"{sql_ms:,.0f} ms in SQL",
            flush=True,
        )
        if not met:
            over.append((label, url, query, queries))
    for label, url, query, queries in over:
        print(f"   over goal: {label} ({url} {query})", flush=True)
        _explain(queries)
    met = sum(1 for *_, ok in results if ok)
    print(f"   {met} of {len(results)} pages met their goal")
    print(f"   machine load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
