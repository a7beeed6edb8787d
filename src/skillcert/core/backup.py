"""Backup and restore (REC-09 keeps working across them): every table's rows and every
stored file, in one zip, restored exactly.

`dumpdata`/`loaddata` cut datetimes to milliseconds, which changes what the audit chain
hashed and breaks it at its first entry. Here every value is written with full precision and
its type (datetimes with microseconds, decimals as text, bytes as base64) and inserted back
as stored: no `save()`, so no auto_now, no signals, no renumbering. Files go through the
storage API (`default_storage`), so the same commands work for disk or object storage.

The keys (SECRET_KEY, FIELD_ENCRYPTION_KEY, AUDIT_KEY) are never in the backup: the
database restored needs the same keys to decrypt ID numbers and to verify the chain.
"""

import base64
import datetime as dt
import hashlib
import json
import uuid
import zipfile
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from .errors import DomainError

FORMAT = "skillcert-backup/1"
# Filled by `migrate` itself (post_migrate signals, data migrations): present in an empty
# database, so a restore replaces them rather than counting them as someone's data.
SEEDED = frozenset(
    {"contenttypes.contenttype", "auth.permission", "core.audithead", "catalog.occupation"}
)
BATCH = 2000


def backed_up_models() -> list[type[models.Model]]:
    """Every table Django manages, join tables included, in a stable order."""
    found = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]
    return sorted(found, key=lambda m: m._meta.label_lower)


# -- values ----------------------------------------------------------------------------


def _encode(value):
    """A column value as JSON that decodes to the same Python value (and type)."""
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$t": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"$td": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, bytes | memoryview | bytearray):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, uuid.UUID):
        return {"$u": str(value)}
    return value


DECODERS = {
    "$dt": dt.datetime.fromisoformat,
    "$d": dt.date.fromisoformat,
    "$t": dt.time.fromisoformat,
    "$td": lambda v: dt.timedelta(days=v[0], seconds=v[1], microseconds=v[2]),
    "$dec": Decimal,
    "$b": base64.b64decode,
    "$u": uuid.UUID,
    "$json": lambda v: v,
}


def _decode(value):
    if isinstance(value, dict) and len(value) == 1:
        ((tag, raw),) = value.items()
        if tag in DECODERS:
            return DECODERS[tag](raw)
    return value


def _columns(model) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def _row(model, values) -> list:
    # A JSON column holds any JSON, including dicts shaped like our tags: wrap it whole.
    return [
        {"$json": v} if isinstance(f, models.JSONField) and v is not None else _encode(v)
        for f, v in zip(_columns(model), values, strict=True)
    ]


# -- backup ----------------------------------------------------------------------------


def _applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _media_names(path: str = "") -> list[str]:
    try:
        dirs, files = default_storage.listdir(path)
    except FileNotFoundError:
        return []
    names = [f"{path}{name}" for name in files]
    for sub in dirs:
        names += _media_names(f"{path}{sub}/")
    return sorted(names)


def backup_write(*, target: Path) -> dict:
    """Write the whole database and the media files to a zip at `target`; returns the
    manifest (row counts per table, files with their SHA-256)."""
    manifest = {"format": FORMAT, "migrations": _applied_migrations(), "tables": {}, "media": {}}
    outer = connection.in_atomic_block  # then the caller's transaction decides the snapshot
    with transaction.atomic(), zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        # One transaction: on PostgreSQL the rows of every table are read from one snapshot.
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in backed_up_models():
            manifest["tables"][model._meta.label_lower] = _write_table(zf, model)
        for name in _media_names():
            with default_storage.open(name, "rb") as fh:
                content = fh.read()
            zf.writestr(f"media/{name}", content)
            manifest["media"][name] = hashlib.sha256(content).hexdigest()
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _write_table(zf: zipfile.ZipFile, model) -> int:
    names = [f.attname for f in _columns(model)]
    rows = model._base_manager.order_by("pk").values_list(*names).iterator(chunk_size=BATCH)
    count = 0
    with zf.open(f"tables/{model._meta.label_lower}.jsonl", "w") as out:
        out.write((json.dumps(names) + "\n").encode())
        for values in rows:
            out.write((json.dumps(_row(model, values), ensure_ascii=False) + "\n").encode())
            count += 1
    return count


# -- restore ---------------------------------------------------------------------------


def _refuse(message: str) -> DomainError:
    return DomainError("backup_restore_refused", message, rule="REC-09")


def database_holds_data() -> list[str]:
    """The tables (other than what `migrate` fills) that already have rows."""
    return [
        m._meta.label_lower
        for m in backed_up_models()
        if m._meta.label_lower not in SEEDED and m._base_manager.exists()
    ]


def _check_target(zf: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(zf.read("manifest.json"))
    except (KeyError, ValueError):
        raise _refuse("这不是skillcert备份文件（缺少manifest.json）") from None
    if manifest.get("format") != FORMAT:
        raise _refuse(f"备份格式{manifest.get('format')!r}无法识别，应为{FORMAT}")
    if manifest["migrations"] != _applied_migrations():
        raise _refuse("备份与本数据库的迁移版本不一致：请先用备份时的程序版本执行migrate")
    if busy := database_holds_data():
        raise _refuse("目标数据库不是空库，拒绝恢复（已有数据的表：" + "、".join(busy[:5]) + "）")
    if taken := [n for n in manifest["media"] if default_storage.exists(n)]:
        raise _refuse(f"媒体存储中已有同名文件，拒绝恢复（如{taken[0]}）")
    return manifest


def backup_restore(*, source: Path) -> dict:
    """Restore a backup into an empty database (migrated to the same version) and empty
    media storage; refuses anything else and changes nothing then."""
    with zipfile.ZipFile(source) as zf:
        manifest = _check_target(zf)
        written: list[str] = []
        try:
            with transaction.atomic():
                _restore_tables(zf, manifest)
                for name, sha in manifest["media"].items():
                    _restore_file(zf, name, sha, written)
        except BaseException:
            for name in written:  # the database rolled back; so do the files
                default_storage.delete(name)
            raise
    return manifest


def _restore_tables(zf: zipfile.ZipFile, manifest: dict) -> None:
    restored = [m for m in backed_up_models() if m._meta.label_lower in manifest["tables"]]
    if missing := set(manifest["tables"]) - {m._meta.label_lower for m in restored}:
        raise _refuse("备份中有本程序不认识的表：" + "、".join(sorted(missing)))
    with connection.constraint_checks_disabled():
        for model in restored:
            if model._meta.label_lower in SEEDED:
                model._base_manager.all()._raw_delete(connection.alias)
            _insert_table(zf, model)
    connection.check_constraints(table_names=[m._meta.db_table for m in restored])
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), restored):
            cursor.execute(sql)


def _insert_table(zf: zipfile.ZipFile, model) -> None:
    with zf.open(f"tables/{model._meta.label_lower}.jsonl") as fh:
        names = json.loads(fh.readline())
        fields = {f.attname: f for f in _columns(model)}
        if names != list(fields):
            raise _refuse(f"表{model._meta.label_lower}的列与本程序不一致")
        quote = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(model._meta.db_table),
            ", ".join(quote(fields[n].column) for n in names),
            ", ".join(["%s"] * len(names)),
        )
        batch = []
        for line in fh:
            batch.append(_prepared(fields, names, json.loads(line)))
            if len(batch) >= BATCH:
                _execute(sql, batch)
                batch = []
        _execute(sql, batch)


def _prepared(fields: dict, names: list[str], row: list) -> list:
    """The values as the database adapter takes them, exactly as they were read."""
    pairs = zip(names, row, strict=True)
    return [fields[n].get_db_prep_save(_decode(v), connection) for n, v in pairs]


def _execute(sql: str, batch: list) -> None:
    if batch:
        with connection.cursor() as cursor:
            cursor.executemany(sql, batch)


def _restore_file(zf: zipfile.ZipFile, name: str, sha: str, written: list[str]) -> None:
    content = zf.read(f"media/{name}")
    if hashlib.sha256(content).hexdigest() != sha:
        raise _refuse(f"备份中的文件{name}已损坏（SHA-256不符）")
    saved = default_storage.save(name, ContentFile(content))
    written.append(saved)
    if saved != name:
        raise _refuse(f"文件{name}无法按原名恢复（存储改名为{saved}）")
