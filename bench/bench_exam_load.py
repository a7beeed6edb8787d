"""Exam autosave under load, with the web server killed mid-run (issue 4 (a), EXAM-05).

PostgreSQL only. An open exam of BENCH_EXAM_ITEMS items and BENCH_EXAM_CLIENTS seated
candidates; the production server, `gunicorn skillcert.asgi` with
BENCH_EXAM_WORKERS uvicorn workers, on 127.0.0.1 in its own process group
(BENCH_EXAM_SERVER=wsgi: skillcert.wsgi on gthread workers, BENCH_EXAM_THREADS each, the
previous design). One asyncio process (uvloop) simulates every candidate's page
(bench/exam_load/load.py) over BENCH_EXAM_CONNECTIONS keep-alive connections, as a reverse
proxy would hold them. First every candidate signs in (POST /exam/api/signin with ticket
and ID number), arrivals spread evenly over BENCH_EXAM_SIGNIN_SECONDS (60); then the entry rush
(issue 14: a room's candidates arrive together): the same candidates sign in a first time to
a second exam of the same sitting within BENCH_EXAM_RUSH_SECONDS (10; 0 skips it), goal p99
<= 250 ms and no error, and the saves that follow use the rush's tokens; then every
BENCH_EXAM_PERIOD s (staggered) each changes
1-3 answers and POSTs its unconfirmed queue to /exam/api/save, retrying with backoff until the
server's `saved` confirms each [item, seq]. At BENCH_EXAM_KILL_AT s (default: half-way) the
whole server group gets SIGKILL and is started again at once. After BENCH_EXAM_SECONDS the
clients stop changing answers and drain their queues; then the database is compared with the
last value and seq every client produced: "answers lost" must be 0.

Printed: requests and rates, latency outside and inside the restart window (kill -> first
200 after restart), errors by kind, answers lost, the rate as a multiple of Moodle's default
autosave (every 60 s per candidate), and the goal p99 <= 250 ms outside the window.
Baseline, same run and server: the same clients at the same pace GET /exam/api/save, which
the endpoint answers 405 before reading a token or touching the database (the HTTP stack,
the server and the generator alone), for BENCH_EXAM_BASELINE s.
"""

import asyncio
import os
import random
import time
from dataclasses import dataclass

GOAL_P99_MS = 250.0
GOAL_RUSH_P99_MS = 250.0
MOODLE_PERIOD = 60.0  # Moodle's default autosave period (seconds) per candidate


def _env(name: str, default: float) -> float:
    return float(os.environ.get(f"BENCH_EXAM_{name}", default))


@dataclass(frozen=True)
class Config:
    clients: int = int(_env("CLIENTS", 3000))
    seconds: float = _env("SECONDS", 300)
    period: float = _env("PERIOD", 5)
    baseline: float = _env("BASELINE", 20)
    kill_at: float = _env("KILL_AT", _env("SECONDS", 300) / 2)  # 0: no kill
    server: str = os.environ.get("BENCH_EXAM_SERVER", "asgi")
    workers: int = int(_env("WORKERS", 2))
    threads: int = int(_env("THREADS", 4))
    connections: int = int(_env("CONNECTIONS", 64))
    items: int = int(_env("ITEMS", 100))
    signin: float = _env("SIGNIN_SECONDS", 60)  # every candidate signs in within this
    rush: float = _env("RUSH_SECONDS", 10)  # then all again, to a second exam (0: no rush)
    drain: float = _env("DRAIN", 120)  # seconds allowed to empty the queues at the end


def _run(coroutine):
    """Run on uvloop's event loop (as the server does) where it is installed."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coroutine)


async def _restart(server, at: float) -> tuple[float, float]:
    """At `at`: kill -9 the server group, start it again; (kill time, first HTTP answer)."""
    from bench.exam_load.http import HTTPError, Pool

    await asyncio.sleep(max(0.0, at - time.perf_counter()))
    killed = time.perf_counter()
    server.kill()
    server.start()
    pool = Pool(server.url, 1)
    while True:
        try:
            await pool.request("GET", "/exam/api/save")
            pool.close()
            return killed, time.perf_counter()
        except HTTPError:
            await asyncio.sleep(0.05)


async def _baseline(cfg: Config, url: str):
    from bench.exam_load.http import Pool
    from bench.exam_load.load import Log, Plan, probe

    log, rng, now = Log(), random.Random(1), time.perf_counter()
    plan = Plan(now, cfg.period, now + cfg.baseline, now + cfg.baseline)
    pool = Pool(url, cfg.connections)
    await asyncio.gather(*(probe(pool, plan, log, rng) for _ in range(cfg.clients)))
    pool.close()
    return log


def _commits() -> int:
    """Transactions committed in the bench database so far (PostgreSQL's statistics)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
        )
        return cursor.fetchone()[0]


async def _sign_in(cfg: Config, url: str, data, exam_id: int, seconds: float):
    """Every candidate signs in to `exam_id` through the server, arrivals spread evenly over
    `seconds` (the entry window's rush); (candidates, log, seconds)."""
    from bench.exam_load.http import Pool
    from bench.exam_load.load import Log, sign_in

    log, rng, now = Log(), random.Random(2), time.perf_counter()
    pool = Pool(url, cfg.connections)
    step = seconds / len(data.entrants)
    signed = await asyncio.gather(
        *(
            sign_in(pool, exam_id, who, now + k * step, log, rng)
            for k, who in enumerate(data.entrants)
        )
    )
    pool.close()
    return signed, log, time.perf_counter() - now


async def _load(cfg: Config, server, data, candidates):
    from bench.exam_load.http import Pool
    from bench.exam_load.load import Client, Log, Plan, candidate

    clients = [Client(c, data.item_ids, seed=k) for k, c in enumerate(candidates)]
    log, now = Log(), time.perf_counter()
    plan = Plan(now, cfg.period, now + cfg.seconds, now + cfg.seconds + cfg.drain)
    cpu = time.process_time()
    pool = Pool(server.url, cfg.connections)
    killer = None
    if 0 < cfg.kill_at < cfg.seconds:
        killer = asyncio.create_task(_restart(server, now + cfg.kill_at))
    await asyncio.gather(*(candidate(pool, c, plan, log) for c in clients))
    restart = await killer if killer else None
    pool.close()
    generator_cpu = (time.process_time() - cpu) / (time.perf_counter() - now)
    return clients, log, plan, restart, generator_cpu


def _check(exam_id: int, clients) -> tuple[int, int, int]:
    """(answers produced, lost, pending): each client's last value and seq per item against
    the database. Pending: not stored yet but still in the client's queue (a page would keep
    sending it); lost: neither stored nor pending (the server confirmed it or it vanished)."""
    from skillcert.exams.models import Answer

    stored = {
        (a, i): (v, s)
        for a, i, v, s in Answer.objects.filter(attempt__exam_id=exam_id).values_list(
            "attempt_id", "item_id", "value", "seq"
        )
    }
    produced = lost = pending = 0
    for c in clients:
        for item, last in c.latest.items():
            produced += 1
            if stored.get((c.attempt_id, item)) == last:
                continue
            if c.queue.get(item) == last:
                pending += 1
            else:
                lost += 1
    return produced, lost, pending


def _print_setup(cfg: Config, setup_s: float, server, ready_s: float) -> None:
    print(f"   setup: {cfg.clients} candidates seated, exam of {cfg.items} items, {setup_s:.1f} s")
    print(
        f"   server: {server.describe()}, ready in {ready_s:.1f} s; "
        f"clients share {cfg.connections} keep-alive connections"
    )


def _cpu(server) -> tuple[float, float]:
    """CPU seconds so far of the server's processes and of the bench database's backends."""
    from django.db import connection

    from bench.exam_load.server import database_cpu_seconds

    return server.cpu_seconds(), database_cpu_seconds(connection.settings_dict["NAME"])


def _print_signin(label: str, window: float, signed, log, seconds: float, cpu) -> None:
    from bench.exam_load import report

    ok = sum(1 for c in signed if c is not None)
    print(
        f"   {label} (POST /exam/api/signin, {len(signed)} candidates arriving evenly over "
        f"{window:.0f} s = {len(signed) / window:.0f}/s): {ok} signed in, in "
        f"{seconds:.1f} s; {report.percentiles(log.rows)}; errors: {report.errors(log.rows)}; "
        f"CPU per request: server {1000 * cpu[0] / max(len(log.rows), 1):.1f} ms, PostgreSQL "
        f"{1000 * cpu[1] / max(len(log.rows), 1):.1f} ms; machine load average "
        f"{os.getloadavg()[0]:.1f}"
    )


def _print_rush_goal(signed, log) -> bool:
    from bench.exam_load import report

    p99 = report.p99_ms(log.rows)
    errors = sum(1 for r in log.rows if r[2] != "ok")
    met = p99 <= GOAL_RUSH_P99_MS and errors == 0 and None not in signed
    print(
        f"   entry rush goal p99 <= {GOAL_RUSH_P99_MS:.0f} ms, 0 errors: "
        f"{'MET' if met else 'MISSED'} (p99 {p99:.1f} ms, errors {errors})"
    )
    return met


def _print_results(cfg: Config, base, clients, log, plan, restart, cpu, exam_id) -> bool:
    from bench.exam_load import report

    win = report.window(log, restart[0] if restart else None)
    outside, inside = report.split(log, win)
    ok = [r for r in log.rows if r[2] == "ok"]
    span = max(r[1] for r in log.rows) - plan.start
    req_s = sum(1 for r in ok if r[0] < plan.produce_until) / cfg.seconds
    saves_s = sum(r[3] for r in ok) / span
    base_ok = sum(1 for r in base.rows if r[2] == "ok") / cfg.baseline
    print(
        f"   baseline (GET /exam/api/save -> 405, no database; same clients and "
        f"pace, {cfg.baseline:.0f} s): {base_ok:.0f} req/s, {report.percentiles(base.rows)}, "
        f"errors: {report.errors(base.rows)}"
    )
    print(
        f"   load: {cfg.clients} candidates saving every {cfg.period:g} s for "
        f"{cfg.seconds:.0f} s: {len(log.rows)} requests ({len(ok)} ok), {req_s:.0f} req/s, "
        f"{saves_s:.0f} answer-saves confirmed/s; generator used {cpu:.0%} of a core; "
        f"machine load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"   latency outside the restart window: {report.percentiles(outside)}")
    if win:
        print(f"   latency inside the restart window:  {report.percentiles(inside)}")
        print(
            f"   restart: kill -9 at t={win[0] - plan.start:.1f} s, server answering after "
            f"{restart[1] - win[0]:.2f} s, first 200 after {win[1] - win[0]:.2f} s "
            f"(restart window {win[1] - win[0]:.2f} s)"
        )
    print(
        f"   errors outside the window: {report.errors(outside)}; inside: {report.errors(inside)}"
    )
    produced, lost, pending = _check(exam_id, clients)
    unconfirmed = sum(len(c.queue) for c in clients)
    print(
        f"   answers: {produced} (candidate, item) last values checked in the database: "
        f"answers lost {lost}; not stored when the {cfg.drain:.0f} s drain ended but still in "
        f"the page's queue {pending}; queue entries unconfirmed {unconfirmed}"
    )
    moodle = cfg.clients / MOODLE_PERIOD
    p99, base_p99 = report.p99_ms(outside), report.p99_ms(base.rows)
    print(
        f"   Moodle ratio: {req_s:.0f} req/s / ({cfg.clients} / {MOODLE_PERIOD:.0f} s = "
        f"{moodle:.0f}/s) = {req_s / moodle:.1f}x Moodle's default autosave rate"
    )
    print(f"   ratio p99 save / p99 baseline: {p99 / base_p99:.1f}")
    met = p99 <= GOAL_P99_MS and lost == 0 and pending == 0
    print(
        f"   goal p99 <= {GOAL_P99_MS:.0f} ms outside the restart window, all answers stored: "
        f"{'MET' if met else 'MISSED'} (p99 {p99:.1f} ms, lost {lost}, pending {pending})"
    )
    bucket = max(5.0, cfg.seconds / 30)
    print(f"   timeline ({bucket:.0f} s buckets, ok req/s, p99 ms): ", end="")
    print(report.timeline(log, plan.start, bucket, plan.produce_until))
    return met


def run() -> None:
    from django.conf import settings
    from django.db import connection

    from bench.exam_load.data import build
    from bench.exam_load.server import Server

    if connection.vendor != "postgresql":
        print("   skipped: needs PostgreSQL (set DATABASE_URL=postgres://...)")
        return
    cfg = Config()
    print(f"   machine load average at the start: {os.getloadavg()[0]:.1f}", flush=True)
    started = time.perf_counter()
    minutes = int((cfg.baseline + cfg.signin + cfg.rush + cfg.seconds + cfg.drain) / 60) + 60
    data = build(cfg.clients, items=cfg.items, minutes=minutes, rush=cfg.rush > 0)
    setup_s = time.perf_counter() - started
    log_path = settings.VAR_DIR / "bench" / "exam_load_server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    server = Server(kind=cfg.server, workers=cfg.workers, threads=cfg.threads, log=log_path)
    try:
        server.start()
        ready_s = server.wait_ready()
        _print_setup(cfg, setup_s, server, ready_s)
        base = _run(_baseline(cfg, server.url))
        cpu = _cpu(server)
        signed, signin_log, signin_s = _run(
            _sign_in(cfg, server.url, data, data.exam_id, cfg.signin)
        )
        cpu = [b - a for a, b in zip(cpu, _cpu(server), strict=True)]
        _print_signin("sign-in", cfg.signin, signed, signin_log, signin_s, cpu)
        if None in signed:
            print("   stopped: not every candidate could sign in")
            return
        exam_id = data.exam_id
        if data.rush_exam_id:
            cpu = _cpu(server)
            signed, rush_log, rush_s = _run(
                _sign_in(cfg, server.url, data, data.rush_exam_id, cfg.rush)
            )
            cpu = [b - a for a, b in zip(cpu, _cpu(server), strict=True)]
            _print_signin("entry rush, second exam", cfg.rush, signed, rush_log, rush_s, cpu)
            _print_rush_goal(signed, rush_log)
            if None in signed:
                print("   stopped: not every candidate could sign in during the rush")
                return
            exam_id = data.rush_exam_id
        commits = _commits()
        clients, log, plan, restart, cpu = _run(_load(cfg, server, data, signed))
        commits = _commits() - commits
    finally:
        server.kill()
    _print_results(cfg, base, clients, log, plan, restart, cpu, exam_id)
    ok = sum(1 for r in log.rows if r[2] == "ok")
    print(
        f"   PostgreSQL transactions committed during the load: {commits} for {ok} saves "
        f"answered 200 ({ok / max(commits, 1):.1f} saves per commit)"
    )
