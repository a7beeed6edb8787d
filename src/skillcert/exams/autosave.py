"""The autosave hot path: token in memory, one query for the attempt's state, one SQL upsert.
Under the production ASGI server on PostgreSQL, groupcommit.py runs the same checks and
statements for every request that arrived during the previous commit, in one transaction.

Contract (the load benchmark depends on it; keep it exactly):

    POST /exam/api/save
    X-Exam-Token: <token from sign-in>
    {"answers": [{"item": <item_id>, "value": <json>, "seq": <int>}, ...]}   (<= 200)

    200 {"saved": [[item, seq], ...], "rejected": [[item, seq], ...], "remaining_seconds": N}

Each (attempt, item) keeps the answer with the highest seq: an older or equal seq is
ignored, so sending a batch twice, or batches out of order, changes nothing. `saved` lists
every [item, seq] the server now holds at that seq or newer (the page may drop it from its
queue); `rejected` lists entries for items that are not on the paper (never stored).
401 without a valid token; 400 for a malformed body; 409 before the start, after the
attempt is submitted or once the time is over (plus `exam_save_grace_seconds`).
"""

import json
from datetime import UTC, datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import timing
from .models import Answer, Exam, ExamAttempt

MAX_ANSWERS = 200
MAX_VALUE_CHARS = 4000
MAX_SEQ = 2**53

_items: dict[int, frozenset] = {}


class SaveRefused(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def exam_items(exam_id: int) -> frozenset:
    """Item ids of an exam, cached per process (a paper never changes once created)."""
    found = _items.get(exam_id)
    if found is None:
        ids = Exam.objects.filter(pk=exam_id).values_list("item_ids", flat=True).first() or []
        found = remember_items(exam_id, ids)
    return found


def uncached_exams(exam_ids) -> list[int]:
    return [e for e in exam_ids if e not in _items]


def remember_items(exam_id: int, ids) -> frozenset:
    found = _items[exam_id] = frozenset(ids)
    return found


def parse_batch(body) -> list[tuple[int, str, int]]:
    """[(item, value as JSON text, seq)], the highest seq per item; SaveRefused(400) if bad."""
    if not isinstance(body, dict) or not isinstance(body.get("answers"), list):
        raise SaveRefused(400, "save_body", '请求格式不正确：应为 {"answers": [...]}')
    answers = body["answers"]
    if len(answers) > MAX_ANSWERS:
        raise SaveRefused(400, "save_too_many", f"每次至多提交{MAX_ANSWERS}条答案")
    best: dict[int, tuple[str, int]] = {}
    for n, a in enumerate(answers, start=1):
        item, seq = (a.get("item"), a.get("seq")) if isinstance(a, dict) else (None, None)
        if type(item) is not int or type(seq) is not int or "value" not in a:
            raise SaveRefused(400, "save_entry", f"第{n}条答案应含整数 item、seq 和 value")
        if not 0 <= seq < MAX_SEQ or not 0 < item < MAX_SEQ:
            raise SaveRefused(400, "save_entry", f"第{n}条答案的 item 或 seq 超出范围")
        text = _value_text(a["value"], n)
        if len(text) > MAX_VALUE_CHARS:
            raise SaveRefused(400, "save_value", f"第{n}条答案过长（至多{MAX_VALUE_CHARS}字符）")
        if item not in best or best[item][1] < seq:
            best[item] = (text, seq)
    return [(item, text, seq) for item, (text, seq) in best.items()]


def _value_text(value, n: int) -> str:
    """The value as JSON text PostgreSQL's jsonb takes. NaN/Infinity and NUL characters are
    refused here: jsonb rejects them, and in a group commit one such row would fail the
    whole batch (every other candidate's save in it)."""
    try:
        if _has_nul(value):
            raise SaveRefused(400, "save_value", f"第{n}条答案含有不允许的字符")
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (ValueError, RecursionError):
        raise SaveRefused(400, "save_value", f"第{n}条答案的格式不正确") from None


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


def state_sql(vendor: str) -> str:
    """(attempt id, exam_id, starts_at, ends_at, submitted_at) of the attempts in `%s`.

    On PostgreSQL the attempt rows are share-locked until the save commits, so a submit
    (which locks its attempt FOR UPDATE, then scores the stored answers) sees every answer
    saved before it, and a save arriving after it sees `submitted_at`.
    Raw SQL because this runs on every save: building and compiling the ORM query was 44% of
    the request's CPU in the load bench's profile."""
    attempt, exam = ExamAttempt._meta.db_table, Exam._meta.db_table
    sql = (
        f"SELECT a.id, a.exam_id, e.starts_at, a.ends_at, a.submitted_at FROM {attempt} a "
        f"JOIN {exam} e ON e.id = a.exam_id WHERE a.id "
    )
    if vendor == "postgresql":
        return sql + "= ANY(%s) ORDER BY a.id FOR SHARE OF a"
    return sql + "= %s"


def attempt_state(attempt_id: int):
    """(exam_id, starts_at, ends_at, submitted_at) of one attempt, or None."""
    param = [attempt_id] if connection.vendor == "postgresql" else attempt_id
    with connection.cursor() as cursor:
        cursor.execute(state_sql(connection.vendor), [param])
        row = cursor.fetchone()
    return None if row is None else state_of(row)


def state_of(row) -> tuple:
    """A state row (attempt id first) as (exam_id, starts_at, ends_at, submitted_at)."""
    return (row[1], *(_aware(v) for v in row[2:]))


def _aware(value):
    # PostgreSQL hands back aware datetimes; SQLite naive ones (or text), stored in UTC.
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else parse_datetime(value)
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def check_open(state, now) -> None:
    if state is None:
        raise SaveRefused(401, "token", "登录已失效，请重新登录")
    _, starts_at, ends_at, submitted_at = state
    if submitted_at is not None:
        raise SaveRefused(409, "submitted", "您已交卷，答案不再接收")
    if now > timing.saves_close(ends_at):
        raise SaveRefused(409, "time_over", "考试时间已到，答案不再接收")
    if now < starts_at:
        raise SaveRefused(409, "not_started", "尚未开考，不能作答")


_ANSWERS = Answer._meta.db_table
INSERT = f"INSERT INTO {_ANSWERS} (attempt_id, item_id, value, seq, saved_at)"
# The newest seq wins; an older or equal one changes nothing (idempotent, order-free).
ON_CONFLICT = (
    "ON CONFLICT (attempt_id, item_id) DO UPDATE SET value = EXCLUDED.value, "
    f"seq = EXCLUDED.seq, saved_at = EXCLUDED.saved_at WHERE {_ANSWERS}.seq < EXCLUDED.seq"
)


def _upsert(attempt_id: int, rows: list[tuple[int, str, int]], now) -> None:
    json_param = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    at = connection.ops.adapt_datetimefield_value(now)
    values, params = [], []
    for item, text, seq in rows:
        values.append(f"(%s, %s, {json_param}, %s, %s)")
        params += [attempt_id, item, text, seq, at]
    sql = f"{INSERT} VALUES {', '.join(values)} {ON_CONFLICT}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def outcome(rows, state, now) -> tuple[list, dict]:
    """(rows to store, the answer to the page) for one request; SaveRefused if closed.
    The exam's items must be cached already when called from async code (groupcommit)."""
    check_open(state, now)
    known = exam_items(state[0])
    good = [r for r in rows if r[0] in known]
    return good, {
        "saved": [[item, seq] for item, _, seq in good],
        "rejected": [[item, seq] for item, _, seq in rows if item not in known],
        "remaining_seconds": max(0, int((state[2] - now).total_seconds())),
    }


def answers_save(*, attempt_id: int, body, now=None) -> dict:
    """Upsert a batch of changed answers of one attempt (idempotent by seq); the ASGI server
    on PostgreSQL does the same for many requests per commit (groupcommit.py)."""
    now = now or timezone.now()
    rows = parse_batch(body)
    with transaction.atomic():
        good, answer = outcome(rows, attempt_state(attempt_id), now)
        if good:
            _upsert(attempt_id, good, now)
    return answer
