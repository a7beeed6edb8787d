"""Bulk inserts of an import's rows, without the ORM's per-value preparation.

Why: `bulk_create` prepares every value of every row through the field API (pre_save,
get_db_prep_save, placeholders). For a 50,000-row roster that was ~8 s of the import on
PostgreSQL, three times the whole raw baseline (bench/bench_import.py). Here plain columns
pass through as they are; only columns whose Python value needs the backend's adaptation
(dates, datetimes, files) go through `get_db_prep_save`, once per distinct value.

PostgreSQL: ids from the table's sequence, then COPY (the UNNEST insert Django 5.2 uses
spent most of its time quoting array literals). SQLite: the first row takes the next id,
the rest one executemany with the ids after it. Ids are returned by key.
Other backends fall back to `bulk_create`.
"""

from django.db import connection, models

_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def _columns(model, attnames: list[str]) -> list[models.Field]:
    fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
    if set(attnames) != set(fields):  # a new model field must be handled on purpose
        raise ValueError(f"columns {sorted(attnames)} != fields of {model.__name__}")
    return [fields[a] for a in attnames]


def _prepared_columns(fields: list[models.Field], rows: list[tuple]) -> list[tuple]:
    """The rows' columns (one transposition in C), those needing the backend's adaptation
    prepared. Such a column holds few distinct values (a date of birth, the import's
    timestamp, an empty file): each distinct value is prepared once, then mapped in C."""
    columns = list(zip(*rows, strict=True))
    for i, field in enumerate(fields):
        if isinstance(field, _PLAIN):
            continue
        prepared = {v: field.get_db_prep_save(v, connection) for v in set(columns[i])}
        if any(p is not v for v, p in prepared.items()):  # else already as the backend wants
            columns[i] = tuple(map(prepared.__getitem__, columns[i]))
    return columns


def insert_rows(model, attnames: list[str], rows: list[tuple], *, key: str) -> dict:
    """Insert `rows` (values in `attnames` order); return {value of `key`: new pk}."""
    if not rows:
        return {}
    fields = _columns(model, attnames)
    if connection.vendor not in ("postgresql", "sqlite"):
        return _insert_orm(model, attnames, rows, key)
    columns = _prepared_columns(fields, rows)
    insert = _insert_pg if connection.vendor == "postgresql" else _insert_sqlite
    ids = insert(model, fields, columns, len(rows))
    return dict(zip(columns[attnames.index(key)], ids, strict=True))


def _insert_pg(model, fields, columns, count: int) -> list[int]:
    """Ids drawn from the table's sequence, then COPY: the bench baseline's own path."""
    q = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    cols = ", ".join(q(c) for c in [pk, *(f.column for f in fields)])
    with connection.cursor() as cursor, connection.wrap_database_errors:
        # The sequence named once: pg_get_serial_sequence per row (it searches pg_depend)
        # was 0.4 s of the server's time for 50,000 ids, nextval itself 0.05 s.
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
        sequence = cursor.fetchone()[0]
        cursor.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
        )
        ids = [i for (i,) in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {q(table)} ({cols}) FROM STDIN") as copy:
            for row in zip(ids, *columns, strict=True):
                copy.write_row(row)
    return ids


def _insert_sqlite(model, fields, columns, count: int) -> range:
    """The first row inserted alone takes the table's next id (AUTOINCREMENT: above any id
    ever used) and the write lock; the others follow with the ids after it, in one
    executemany of a one-row statement, compiled once and bound in C. (A multi-row VALUES
    ... RETURNING, 3,000 rows a statement, spent a third of its time building, rewriting
    and parsing its SQL.) The lock is held to the end of the transaction: no other writer
    can take an id in between."""
    q = connection.ops.quote_name
    table, pk = q(model._meta.db_table), q(model._meta.pk.column)
    names = ", ".join(q(f.column) for f in fields)
    marks = ", ".join("%s" for _ in fields)
    if not connection.in_atomic_block:
        raise RuntimeError("insert_rows on SQLite runs inside a transaction")
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", [c[0] for c in columns])
        first = cursor.lastrowid
        if count > 1:
            cursor.executemany(
                f"INSERT INTO {table} ({pk}, {names}) VALUES (%s, {marks})",
                zip(range(first + 1, first + count), *(c[1:] for c in columns), strict=True),
            )
    return range(first, first + count)


def _insert_orm(model, attnames, rows, key) -> dict:
    objs = [model(**dict(zip(attnames, r, strict=True))) for r in rows]
    model.objects.bulk_create(objs, batch_size=1000)  # needs a backend that returns ids
    return {getattr(o, key): o.pk for o in objs}


def select_in(model, key: str, values: list, attnames: list[str]) -> list[tuple]:
    """`attnames` of the rows whose `key` is one of `values`, as tuples: the ORM's
    values_list(...).filter(key__in=...) without preparing every value of the IN list
    through the field API (a roster asks this for 50,000 ID hashes)."""
    if not values:
        return []
    q = connection.ops.quote_name
    meta = model._meta
    names = ", ".join(q(meta.get_field(a).column) for a in attnames)
    marks = ", ".join(["%s"] * len(values))
    column = q(meta.get_field(key).column)
    sql = f"SELECT {names} FROM {q(meta.db_table)} WHERE {column} IN ({marks})"
    with connection.cursor() as cursor:
        cursor.execute(sql, list(values))
        return cursor.fetchall()
