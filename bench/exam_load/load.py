"""Simulated candidates in one asyncio process, each acting like the exam page's durable
autosave queue: every `period` seconds it changes 1-3 answers (seq + 1 per item), keeps them
in an unsent queue (the newest per item) and posts the whole queue until the server confirms
each [item, seq] in `saved`; a failed post is retried with exponential backoff and jitter.
"""

import asyncio
import json
import random
import time
from dataclasses import dataclass, field

from .data import Candidate, Entrant
from .http import HTTPError, Pool

SAVE = "/exam/api/save"
SIGNIN = "/exam/api/signin"


@dataclass
class Log:
    """Every request: (start, end, kind, answers confirmed); kind "ok" or an error kind."""

    rows: list[tuple[float, float, str, int]] = field(default_factory=list)

    def add(self, start: float, kind: str, confirmed: int = 0) -> None:
        self.rows.append((start, time.perf_counter(), kind, confirmed))


@dataclass
class Plan:
    """Times on the perf_counter clock: start, stop changing answers, give up retrying."""

    start: float
    period: float
    produce_until: float
    drain_until: float


class Client:
    """One candidate: what it last produced per item and what the server has not confirmed."""

    def __init__(self, candidate: Candidate, items: list[int], seed: int):
        self.token, self.attempt_id = candidate.token, candidate.attempt_id
        self.items, self.rng = items, random.Random(seed)
        self.latest: dict[int, tuple[object, int]] = {}
        self.queue: dict[int, tuple[object, int]] = {}

    def change(self) -> None:
        for item in self.rng.sample(self.items, self.rng.randint(1, 3)):
            seq = self.latest.get(item, (None, 0))[1] + 1
            value = [self.rng.randrange(5)] if item % 2 else f"答案{seq}-{self.rng.random():.6f}"
            self.latest[item] = self.queue[item] = (value, seq)

    def body(self) -> bytes:
        answers = [{"item": i, "value": v, "seq": s} for i, (v, s) in self.queue.items()]
        return json.dumps({"answers": answers}, ensure_ascii=False).encode()

    def confirm(self, saved: list) -> int:
        done = 0
        for item, seq in saved:
            if item in self.queue and self.queue[item][1] <= seq:
                del self.queue[item]
                done += 1
        return done


async def post(pool: Pool, client: Client, log: Log) -> bool:
    """One save request; True when the server answered 200 (its `saved` is applied)."""
    started = time.perf_counter()
    headers = {"X-Exam-Token": client.token, "Content-Type": "application/json"}
    try:
        status, raw = await pool.request("POST", SAVE, client.body(), headers)
    except HTTPError as exc:
        log.add(started, exc.kind)
        return False
    if status != 200:
        log.add(started, f"HTTP {status}")
        return False
    log.add(started, "ok", client.confirm(json.loads(raw)["saved"]))
    return True


async def sign_in(
    pool: Pool, exam_id: int, who: Entrant, at: float, log: Log, rng
) -> Candidate | None:
    """At `at`, sign in as the page does; a failure is retried after a pause, as a candidate
    clicks again (for 60 s at most). The token and attempt id it answers, or None."""
    await asyncio.sleep(max(0.0, at - time.perf_counter()))
    body = json.dumps({"exam": exam_id, "ticket": who.ticket, "id_number": who.id_number})
    headers = {"Content-Type": "application/json"}
    give_up = time.perf_counter() + 60
    while time.perf_counter() < give_up:
        started = time.perf_counter()
        try:
            status, raw = await pool.request("POST", SIGNIN, body.encode(), headers)
        except HTTPError as exc:
            log.add(started, exc.kind)
        else:
            if status == 200:
                log.add(started, "ok")
                data = json.loads(raw)
                return Candidate(data["attempt"], data["token"])
            log.add(started, f"HTTP {status}")
        await asyncio.sleep(1 + 2 * rng.random())
    return None


async def candidate(pool: Pool, client: Client, plan: Plan, log: Log) -> None:
    """Change answers every period (staggered), post the queue, back off on failure."""
    next_tick = plan.start + client.rng.random() * plan.period
    retry_at, backoff = 0.0, 0.0
    while True:
        now = time.perf_counter()
        if now >= next_tick and next_tick < plan.produce_until:
            client.change()
            next_tick += plan.period
        if client.queue and now >= retry_at:
            if await post(pool, client, log):
                retry_at, backoff = 0.0, 0.0
            else:
                backoff = min(max(0.25, backoff * 2), 8.0)
                retry_at = time.perf_counter() + backoff * (0.5 + client.rng.random())
            continue
        producing = next_tick < plan.produce_until
        if (not client.queue and not producing) or now > plan.drain_until:
            return
        wake = min(next_tick if producing else now + 3600, retry_at if client.queue else 1e18)
        await asyncio.sleep(max(0.0, wake - now))


async def probe(pool: Pool, plan: Plan, log: Log, rng) -> None:
    """Baseline client: GET /exam/api/save every period; the endpoint answers 405 before
    reading a token or touching the database (the HTTP stack and the generator alone)."""
    next_tick = plan.start + rng.random() * plan.period
    while next_tick < plan.produce_until:
        await asyncio.sleep(max(0.0, next_tick - time.perf_counter()))
        started = time.perf_counter()
        try:
            status, _ = await pool.request("GET", SAVE)
            log.add(started, "ok" if status == 405 else f"HTTP {status}")
        except HTTPError as exc:
            log.add(started, exc.kind)
        next_tick += plan.period
