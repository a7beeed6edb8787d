"""Fast bulk loading for the benches that need a million rows (verify, statistics).

PostgreSQL: rows go in by COPY (or INSERT ... SELECT for clones) inside one transaction with
synchronous_commit off, then ANALYZE, so the planner sees the real sizes before anything is
timed. SQLite (the small test worlds): bulk_create of the same rows, so a generator written
once runs on both.
"""

import json
import time
from contextlib import contextmanager
from datetime import date, datetime

from django.db import connection, models, transaction

BATCH = 500  # bulk_create batch on SQLite (its variable limit)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """An aware time on `day` in the site's zone (COPY takes it as is)."""
    from django.utils import timezone

    return datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_default_timezone()
    )


@contextmanager
def bulk_load():
    """One transaction for a load; a crash after it loses no row, so the WAL flush at each
    commit is not needed (synchronous_commit off, PostgreSQL only)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        yield


def check_constraints() -> None:
    """Run the foreign-key checks PostgreSQL deferred to the commit (Django's constraints are
    DEFERRABLE INITIALLY DEFERRED) now, so a load can say how long they took."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def next_id(model) -> int:
    """The first id free for explicitly numbered rows (the sequence is moved past them by
    reset_sequences)."""
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def copy_rows(model, columns: list[str], rows) -> int:
    """Insert `rows` (tuples in the order of `columns`, attnames such as institution_id,
    explicit ids included) into model's table; the rows written."""
    if connection.vendor != "postgresql":
        return _bulk_create(model, columns, rows)
    given = {_field(model, c).attname for c in columns}
    # The columns left out get their field's default (COPY knows no Django default).
    rest = [f for f in model._meta.concrete_fields if f.attname not in given and not f.primary_key]
    tail = tuple(_db_default(f) for f in rest)
    fields = [_field(model, c) for c in columns] + rest
    jsons = {i for i, f in enumerate(fields) if isinstance(f, models.JSONField)}
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    n = 0
    sql = f"COPY {table} ({cols}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            row = tuple(row) + tail
            if jsons:
                row = tuple(json.dumps(v) if i in jsons else v for i, v in enumerate(row))
            copy.write_row(row)
            n += 1
    return n


def _db_default(f):
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        raise ValueError(f"{f.model.__name__}.{f.name} is set on save: give it a value")
    value = f.get_default()
    if value is None and not f.null:
        raise ValueError(f"{f.model.__name__}.{f.name} has no default: give it a value")
    return value


def _field(model, attname: str):
    for f in model._meta.concrete_fields:
        if attname in (f.attname, f.name):
            return f
    raise ValueError(f"{model.__name__} has no column {attname}")


def _bulk_create(model, columns: list[str], rows) -> int:
    batch, n = [], 0
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            n, batch = n + len(batch), []
    model.objects.bulk_create(batch)
    return n + len(batch)


def reset_sequences(*model_list) -> None:
    """Move each table's id sequence past the explicit ids loaded (Django's own SQL)."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def analyze(*model_list) -> None:
    """Fresh planner statistics for the tables just loaded (PostgreSQL's autovacuum would
    take minutes to notice a million new rows). Outside a transaction VACUUM too: it sets
    the visibility map, so counts can be index-only scans, as on a database autovacuum has
    caught up with; inside one (a test) ANALYZE alone."""
    if connection.vendor != "postgresql" or not model_list:
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in model_list)
    verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        cursor.execute(f"{verb} {tables}")


def clone(model, template_id: int, source: str, overrides: dict[str, str]) -> int:
    """INSERT INTO model's table SELECT the template row's columns (or overrides) FROM
    `source` (which names the template row `t`); the rows inserted (PostgreSQL)."""
    table = model._meta.db_table
    columns = [f.column for f in model._meta.concrete_fields if f.column != "id"]
    exprs = [overrides.get(c, f"t.{c}") for c in columns]
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(exprs)} "
        f"FROM {source} WHERE t.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [template_id])
        return cursor.rowcount


class Stages:
    """Named stages of a load, each timed and reported through `progress` when it ends."""

    def __init__(self, progress):
        self.progress, self.seconds = progress, {}

    def __call__(self, name: str):
        stages = self

        class _Stage:
            def __enter__(self):
                self.started = time.perf_counter()

            def __exit__(self, *exc):
                took = stages.seconds[name] = time.perf_counter() - self.started
                if exc[0] is None:
                    stages.progress(f"   generated {name} in {took:.1f} s")

        return _Stage()
