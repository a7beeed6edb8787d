"""Group commit of autosaves (PostgreSQL, under the ASGI server): every save that arrives
while a transaction is committing waits for the next one, which stores them all.

Why: 3,000 candidates saving every 5 s send 600 saves/s, and each answer the page drops from
its queue must be durable first. One transaction per save means 600 fsyncs/s on one disk and
a thread blocked per save; here one connection per server process runs, per batch, one
share-locking state query, one multi-row upsert and one commit, whatever the batch's size.
Under light load a batch is one save (no waiting for company); under heavy load batches grow
and the commit rate stays what the disk can do.

The checks and statements are autosave.py's (the sync view keeps using them one by one), so
the contract there holds: a request is answered only after its commit.
"""

import asyncio
import logging
from dataclasses import dataclass, field

import psycopg

from . import autosave
from .autosave import SaveRefused
from .models import Exam

log = logging.getLogger(__name__)

MAX_WAITING = 6000  # saves queued per process before new ones get 503 at once (page retries)
BUSY = SaveRefused(503, "busy", "服务器暂时繁忙，答案已保留在本机，稍后自动重试")

EXAMS = Exam._meta.db_table
UPSERT = (
    f"{autosave.INSERT} SELECT a, i, v::jsonb, s, t FROM "
    "unnest(%s::bigint[], %s::bigint[], %s::text[], %s::bigint[], %s::timestamptz[]) "
    f"AS r(a, i, v, s, t) {autosave.ON_CONFLICT}"
)


@dataclass
class Save:
    attempt_id: int
    rows: list  # [(item, value JSON text, seq)] from autosave.parse_batch
    now: object  # when the request arrived: the time checks and saved_at use it
    done: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class Committer:
    """One per process and event loop; `await save(...)` returns the page's answer."""

    def __init__(self, connect: dict):
        self.loop = asyncio.get_running_loop()
        self._connect, self._conn = connect, None
        self._waiting: list[Save] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self.commits = 0  # transactions committed (saves per commit = the batching achieved)

    async def save(self, attempt_id: int, rows: list, now) -> dict:
        if len(self._waiting) >= MAX_WAITING:
            raise BUSY
        job = Save(attempt_id, rows, now)
        self._waiting.append(job)
        self._wake.set()
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())
        return await job.done

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        if self._conn is not None:
            await self._conn.close()

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            batch, self._waiting = self._waiting, []
            if not batch:
                continue
            try:
                answers = await self._commit(batch)
            except Exception:
                log.exception("autosave batch of %d failed; the pages will retry", len(batch))
                await self._drop_connection()
                answers = [SaveRefused(503, "unavailable", BUSY.message)] * len(batch)
            for job, answer in zip(batch, answers, strict=True):
                if job.done.done():
                    continue
                if isinstance(answer, Exception):
                    job.done.set_exception(answer)
                else:
                    job.done.set_result(answer)

    async def _commit(self, batch: list[Save]) -> list:
        conn = await self._connection()
        async with conn.transaction():
            cur = conn.cursor()
            await cur.execute(autosave.state_sql("postgresql"), [[j.attempt_id for j in batch]])
            states = {row[0]: autosave.state_of(row) for row in await cur.fetchall()}
            await self._cache_items(cur, {s[0] for s in states.values()})
            answers, rows = [], {}
            for job in batch:
                try:
                    good, answer = autosave.outcome(job.rows, states.get(job.attempt_id), job.now)
                except SaveRefused as exc:
                    answers.append(exc)
                    continue
                answers.append(answer)
                for item, text, seq in good:
                    # A retried request may share the batch with its original: one row each.
                    known = rows.get((job.attempt_id, item))
                    if known is None or known[1] < seq:
                        rows[(job.attempt_id, item)] = (text, seq, job.now)
            if rows:
                await cur.execute(UPSERT, _columns(rows))
        self.commits += 1
        return answers

    async def _cache_items(self, cur, exam_ids: set) -> None:
        missing = autosave.uncached_exams(exam_ids)
        if missing:
            await cur.execute(f"SELECT id, item_ids FROM {EXAMS} WHERE id = ANY(%s)", [missing])
            for exam_id, ids in await cur.fetchall():
                autosave.remember_items(exam_id, ids)

    async def _connection(self) -> psycopg.AsyncConnection:
        if self._conn is None or self._conn.closed:
            self._conn = await psycopg.AsyncConnection.connect(**self._connect, autocommit=True)
        return self._conn

    async def _drop_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close, too
                log.debug("closing a broken autosave connection failed", exc_info=True)


def _columns(rows: dict) -> list[list]:
    # In (attempt, item) order, so two workers' batches touching the same rows (a retry that
    # reached the other worker) lock them in the same order instead of deadlocking.
    keys = sorted(rows)
    return [
        [a for a, _ in keys],
        [i for _, i in keys],
        *([rows[k][n] for k in keys] for n in range(3)),
    ]


LIBPQ_OPTIONS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "options")


def connect_params(settings_dict: dict) -> dict:
    """psycopg.connect keywords for Django's database settings (the same database)."""
    d, options = settings_dict, settings_dict.get("OPTIONS") or {}
    params = {"dbname": d["NAME"], "user": d["USER"], "password": d["PASSWORD"]}
    params |= {"host": d["HOST"], "port": d["PORT"] or None}
    params |= {k: options[k] for k in LIBPQ_OPTIONS if k in options}
    return {k: v for k, v in params.items() if v not in ("", None)}


_current: Committer | None = None


def committer(settings_dict: dict) -> Committer:
    """The committer of this process's running event loop (a forked worker or a new loop
    makes its own: neither connections nor asyncio objects cross them)."""
    global _current
    if _current is None or _current.loop is not asyncio.get_running_loop():
        _current = Committer(connect_params(settings_dict))
    return _current


async def close_current() -> None:
    """Close this process's committer (server shutdown; tests)."""
    global _current
    if _current is not None:
        found, _current = _current, None
        await found.close()
