"""An ASGI wrapper that answers `POST /exam/api/signin` itself on PostgreSQL (issue 14: the
entry rush, 3,000 candidates of a room signing in within 10 s); every other request goes on.

Why: through Django a sign-in cost ~6.7 ms of CPU (server 5.5 ms): middleware, URL
resolution, a thread per request and the ORM compiling four statements each time; 300/s
needed the whole 2-core machine. Like the autosave fast path (fastpath.py) this endpoint
needs no cookie, session or CSRF: its answer is a token. Here the same sign-in runs in the
event loop with four fixed SQL statements (prepared once per connection) on this process's
own connections.

Same answers as the routed view (candidate/api.py: signin): the body checks, the lock and
pair checks, the entry rules and the answer's JSON are the functions that view and
signin.candidate_signin use; only the reads and writes are SQL here. One case goes to Django
unchanged: the first sign-in to an exam still scheduled (exam_open: audited, once per exam).
"""

import asyncio
import logging
from contextlib import asynccontextmanager

import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from skillcert.arrangement.models import Room, Seat
from skillcert.core.errors import DomainError
from skillcert.people.models import Person
from skillcert.plans.models import Registration

from . import autosave, groupcommit, signin
from .candidate.api import (
    parse_json,
    refusal_payload,
    signin_answer,
    signin_args,
    signin_refusal,
)
from .fastpath import _body, _respond
from .models import Answer, Exam, ExamAttempt
from .services import exam_questions

SIGNIN_PATH = "/exam/api/signin"
POOL_SIZE = 4  # connections per process: a sign-in holds one for a few round trips
log = logging.getLogger(__name__)


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _c(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _sql() -> dict[str, str]:
    seat, reg, person, room = _t(Seat), _t(Registration), _t(Person), _t(Room)
    exam, attempt, answer = _t(Exam), _t(ExamAttempt), _t(Answer)
    exam_select = ", ".join(_c(Exam, n) for n in _EXAM_FIELDS)
    a = {n: _c(ExamAttempt, n) for n in ("id", "exam", "registration", "sign_ins")}
    insert_columns = ", ".join(connection.ops.quote_name(f.column) for f in _INSERTED)
    values = ", ".join(["%s"] * len(_INSERTED))
    parallel = f"{_c(ExamAttempt, 'parallel_at')} = %s, {_c(ExamAttempt, 'parallel_address')} = %s"
    return {
        "seat": (
            f"SELECT s.{_c(Seat, 'seat_no')}, r.{_c(Room, 'number')}, r.{_c(Room, 'name')}, "
            f"g.{_c(Registration, 'id')}, g.{_c(Registration, 'status')}, "
            f"g.{_c(Registration, 'sitting')}, p.{_c(Person, 'id_type')}, "
            f"p.{_c(Person, 'id_hash')}, p.{_c(Person, 'name')} "
            f"FROM {seat} s "
            f"JOIN {reg} g ON g.{_c(Registration, 'id')} = s.{_c(Seat, 'registration')} "
            f"JOIN {person} p ON p.{_c(Person, 'id')} = g.{_c(Registration, 'person')} "
            f"JOIN {room} r ON r.{_c(Room, 'id')} = s.{_c(Seat, 'room')} "
            f"WHERE s.{_c(Seat, 'ticket_number')} = %s"
        ),
        "exams": f"SELECT {exam_select} FROM {exam} WHERE {_c(Exam, 'sitting')} = %s",
        "exam": (
            f"SELECT {exam_select} FROM {exam} "
            f"WHERE {_c(Exam, 'sitting')} = %s AND {_c(Exam, 'id')} = %s"
        ),
        "sealed": f"SELECT {_c(Exam, 'sealed_questions')} FROM {exam} WHERE {_c(Exam, 'id')} = %s",
        "attempt": (
            f"SELECT t.{a['id']}, t.{_c(ExamAttempt, 'ends_at')}, "
            f"t.{_c(ExamAttempt, 'submitted_at')}, t.{a['sign_ins']}, "
            f"t.{_c(ExamAttempt, 'signin_address')}, EXISTS (SELECT 1 FROM {answer} w "
            f"WHERE w.{_c(Answer, 'attempt')} = t.{a['id']} AND w.{_c(Answer, 'saved_at')} >= %s) "
            f"FROM {attempt} t WHERE t.{a['exam']} = %s AND t.{a['registration']} = %s"
        ),
        "again": f"UPDATE {attempt} SET {a['sign_ins']} = %s WHERE {a['id']} = %s",
        "again_parallel": (
            f"UPDATE {attempt} SET {a['sign_ins']} = %s, {parallel} WHERE {a['id']} = %s"
        ),
        "create": (
            f"INSERT INTO {attempt} ({insert_columns}) VALUES ({values}) "
            f"ON CONFLICT ({a['exam']}, {a['registration']}) DO NOTHING "
            f"RETURNING {a['id']}, {_c(ExamAttempt, 'ends_at')}"
        ),
        "existing": (
            f"SELECT {a['id']}, {_c(ExamAttempt, 'ends_at')} FROM {attempt} "
            f"WHERE {a['exam']} = %s AND {a['registration']} = %s"
        ),
    }


_INSERTED = [f for f in ExamAttempt._meta.concrete_fields if not f.primary_key]
_EXAM_FIELDS = ("id", "title", "starts_at", "duration_minutes", "entry_close_minutes", "status")


class _Scheduled(Exception):
    """A first sign-in to a scheduled exam: Django's view opens it (audited)."""


class _Connections:
    """Up to POOL_SIZE autocommit connections of this process and event loop."""

    def __init__(self, params: dict):
        self.loop = asyncio.get_running_loop()
        self._params, self._idle = params, []
        self._free = asyncio.Semaphore(POOL_SIZE)

    @asynccontextmanager
    async def get(self):
        async with self._free:
            conn = self._idle.pop() if self._idle else None
            if conn is None or conn.closed:
                conn = await psycopg.AsyncConnection.connect(
                    **self._params, autocommit=True, prepare_threshold=0
                )
            try:
                yield conn
            except (psycopg.Error, asyncio.CancelledError):  # its state is unknown: drop it
                await conn.close()
                raise
            except Exception:  # a refusal between statements: the connection is idle
                self._idle.append(conn)
                raise
            self._idle.append(conn)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for conn in idle:
            await conn.close()


_current: _Connections | None = None
_sealed: dict[int, bytes] = {}  # exam id -> its sealed paper (encrypted; never changes)


def _connections(settings_dict: dict) -> _Connections:
    global _current
    if _current is None or _current.loop is not asyncio.get_running_loop():
        _current = _Connections(groupcommit.connect_params(settings_dict))
    return _current


async def close_current() -> None:
    global _current
    if _current is not None:
        found, _current = _current, None
        await found.close()


def with_signin_fast_path(app):
    if connection.vendor != "postgresql":
        return app  # SQLite / runserver: the routed view
    settings_dict, sql = connection.settings_dict, _sql()

    async def application(scope, receive, send):
        if scope["type"] == "lifespan":
            return await _lifespan(app, scope, receive, send)
        if scope["type"] != "http" or scope["path"] != SIGNIN_PATH or scope["method"] != "POST":
            return await app(scope, receive, send)
        headers = dict(scope["headers"])
        body = await _body(receive, headers)
        if body is None:
            return await _respond(send, 400, _refused(400, "too_large", "请求过大"))
        try:
            status, payload = await _signin(scope, body, settings_dict, sql)
        except _Scheduled:
            return await app(scope, _replay(body, receive), send)
        await _respond(send, status, payload)

    return application


def _refused(status: int, code: str, message: str) -> dict:
    return refusal_payload(autosave.SaveRefused(status, code, message))


async def _signin(scope, body: bytes, settings_dict: dict, sql: dict) -> tuple[int, dict]:
    client = scope.get("client")
    address = (client[0] if client else "") or "unknown"  # as core.ratelimit.client_address
    try:
        exam_id, ticket, number = signin_args(parse_json(body))
        async with _connections(settings_dict).get() as conn:
            done = await _candidate_signin(conn, sql, exam_id, ticket, number, address)
    except autosave.SaveRefused as exc:
        return exc.status, refusal_payload(exc)
    except DomainError as exc:
        payload, status = signin_refusal(exc)
        return status, payload
    except psycopg.Error:
        log.exception("sign-in fast path: database error")
        return 503, _refused(503, "unavailable", groupcommit.BUSY.message)
    return 200, signin_answer(done, timezone.now())


async def _candidate_signin(conn, sql, exam_id, ticket, number, address) -> signin.SignIn:
    """signin.candidate_signin with its reads and writes in SQL (the same checks, in order)."""
    now = timezone.now()
    ticket, number = signin.signin_input(ticket, number)
    signin.check_unlocked(ticket, address)
    cur = conn.cursor()
    await cur.execute(sql["seat"], [ticket])
    row = await cur.fetchone()
    signin.check_pair(row and (row[6], row[7]), ticket, number, address)
    seat_no, room_number, room_name, reg_id, reg_status, sitting_id, _, _, name = row
    if exam_id:
        await cur.execute(sql["exam"], [sitting_id, exam_id])
    else:
        await cur.execute(sql["exams"], [sitting_id])
    rows = await cur.fetchall()
    exams = [Exam(sitting_id=sitting_id, **dict(zip(_EXAM_FIELDS, r, strict=True))) for r in rows]
    exam = (exams[0] if exams else None) if exam_id else signin._current(exams, now)
    signin.check_exam(exam, reg_status)
    attempt = await _attempt(cur, sql, exam, reg_id, now, address)
    return signin.SignIn(
        token=signin.attempt_token(attempt),
        attempt=attempt,
        exam=exam,
        name=name,
        room=str(Room(number=room_number, name=room_name)),
        seat_no=seat_no,
    )


async def _attempt(cur, sql, exam: Exam, reg_id: int, now, address: str) -> ExamAttempt:
    """signin._attempt: find the attempt again (and count the sign-in) or make it."""
    signin.check_entry_open(exam, now)
    await cur.execute(sql["attempt"], [signin.parallel_since(now), exam.pk, reg_id])
    row = await cur.fetchone()
    if row is not None:
        pk, ends_at, submitted_at, sign_ins, signin_address, live = row
        attempt = ExamAttempt(
            id=pk,
            ends_at=ends_at,
            submitted_at=submitted_at,
            sign_ins=sign_ins,
            signin_address=signin_address,
        )
        signin.check_again(attempt, now)
        changes = signin.again_changes(attempt, live, now, address)
        if "parallel_at" in changes:
            params = [changes["sign_ins"], changes["parallel_at"], changes["parallel_address"]]
            await cur.execute(sql["again_parallel"], [*params, pk])
        else:
            await cur.execute(sql["again"], [changes["sign_ins"], pk])
        return attempt
    signin.check_first(exam, now)
    if exam.status == Exam.SCHEDULED:
        raise _Scheduled
    exam.sealed_questions = await _sealed_paper(cur, sql, exam.pk)
    values = signin.new_attempt(exam, exam_questions(exam, now=now), now, address)
    values |= {"exam_id": exam.pk, "registration_id": reg_id}
    await cur.execute(sql["create"], _insert_params(values))
    made = await cur.fetchone()
    if made is None:  # the same candidate signed in twice at the same moment
        await cur.execute(sql["existing"], [exam.pk, reg_id])
        made = await cur.fetchone()
    return ExamAttempt(id=made[0], ends_at=made[1])


async def _sealed_paper(cur, sql, exam_id: int) -> bytes:
    found = _sealed.get(exam_id)
    if found is None:
        await cur.execute(sql["sealed"], [exam_id])
        found = _sealed[exam_id] = bytes((await cur.fetchone())[0])
    return found


def _insert_params(values: dict) -> list:
    """The attempt row's columns as ExamAttempt.objects.create would write them."""
    db = connections[DEFAULT_DB_ALIAS]  # once, not through the proxy for each field
    return [
        f.get_db_prep_save(values[f.attname] if f.attname in values else f.get_default(), db)
        for f in _INSERTED
    ]


def _replay(body: bytes, receive):
    """A receive() that gives Django the body this wrapper already read, then the server's
    messages (Django listens for the disconnect while its view runs)."""
    sent = False

    async def replayed():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _lifespan(app, scope, receive, send) -> None:
    """Close this wrapper's connections at shutdown, after the inner application's."""

    async def inner_send(message):
        if message["type"] == "lifespan.shutdown.complete":
            await close_current()
        await send(message)

    await app(scope, receive, inner_send)
