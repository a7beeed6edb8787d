"""One INSERT per few thousand rows, without the ORM's per-value preparation.

Why: `bulk_create` prepares every value of every row through the field API (pre_save,
get_db_prep_save, placeholders). For a 50,000-row roster that was ~8 s of the import on
PostgreSQL, three times the whole raw baseline (bench/bench_import.py). Here plain columns
pass through as they are; only columns whose Python value needs the backend's adaptation
(dates, datetimes, files) go through `get_db_prep_save`, once per distinct value.

PostgreSQL: ids from the table's sequence, then COPY (the UNNEST insert Django 5.2 uses
spent most of its time quoting array literals). SQLite: multi-row VALUES ... RETURNING
(pk, key), so ids are matched by key, not by order.
Other backends, and SQLite before 3.35 (no RETURNING), fall back to `bulk_create`.
"""

from django.db import connection, models

_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)
_SQLITE_PARAMS = 30000  # below SQLite's default limit of 32766 bound parameters


def _columns(model, attnames: list[str]) -> list[models.Field]:
    fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
    if set(attnames) != set(fields):  # a new model field must be handled on purpose
        raise ValueError(f"columns {sorted(attnames)} != fields of {model.__name__}")
    return [fields[a] for a in attnames]


def _preparers(fields: list[models.Field]):
    """Per column: None (pass through) or a memoised backend preparation."""
    preps = []
    for field in fields:
        if isinstance(field, _PLAIN):
            preps.append(None)
            continue
        cache: dict = {}

        def prep(value, field=field, cache=cache):
            key = str(value) if isinstance(field, models.FileField) else value
            if key not in cache:
                cache[key] = field.get_db_prep_save(value, connection)
            return cache[key]

        preps.append(prep)
    return preps


def _prepared(row: tuple, preps) -> list:
    out = list(row)
    for i, prep in preps:
        out[i] = prep(out[i])
    return out


def insert_rows(model, attnames: list[str], rows: list[tuple], *, key: str) -> dict:
    """Insert `rows` (values in `attnames` order); return {value of `key`: new pk}."""
    if not rows:
        return {}
    fields = _columns(model, attnames)
    vendor = connection.vendor
    returning = vendor == "postgresql" or (
        vendor == "sqlite" and connection.features.can_return_rows_from_bulk_insert
    )
    if not returning:
        return _insert_orm(model, attnames, rows, key)
    preps = [(i, p) for i, p in enumerate(_preparers(fields)) if p is not None]
    if preps:
        rows = [_prepared(r, preps) for r in rows]
    if vendor == "postgresql":
        return _insert_pg(model, fields, rows, key)
    return _insert_sqlite(model, fields, rows, key)


def _sql_head(model, fields) -> tuple[str, str]:
    q = connection.ops.quote_name
    cols = ", ".join(q(f.column) for f in fields)
    return f"INSERT INTO {q(model._meta.db_table)} ({cols})", q(model._meta.pk.column)


def _insert_pg(model, fields, rows, key) -> dict:
    """Ids drawn from the table's sequence, then COPY: the bench baseline's own path."""
    q = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    k = [f.attname for f in fields].index(key)
    cols = ", ".join(q(c) for c in [pk, *(f.column for f in fields)])
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk, len(rows)],
        )
        ids = [i for (i,) in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {q(table)} ({cols}) FROM STDIN") as copy:
            for i, r in zip(ids, rows, strict=True):
                copy.write_row((i, *r))
    return {r[k]: i for i, r in zip(ids, rows, strict=True)}


def _insert_sqlite(model, fields, rows, key) -> dict:
    head, pk = _sql_head(model, fields)
    kcol = connection.ops.quote_name(model._meta.get_field(key).column)
    marks = "(" + ", ".join("%s" for _ in fields) + ")"
    per = max(1, _SQLITE_PARAMS // len(fields))
    out = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per):
            batch = rows[start : start + per]
            sql = f"{head} VALUES {', '.join([marks] * len(batch))} RETURNING {pk}, {kcol}"
            cursor.execute(sql, [v for r in batch for v in r])
            out.update((k, i) for i, k in cursor.fetchall())
    return out


def _insert_orm(model, attnames, rows, key) -> dict:
    objs = [model(**dict(zip(attnames, r, strict=True))) for r in rows]
    model.objects.bulk_create(objs, batch_size=1000)  # needs a backend that returns ids
    return {getattr(o, key): o.pk for o in objs}
