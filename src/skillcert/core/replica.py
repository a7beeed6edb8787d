"""Reads a read replica may answer: the public verification, the directory, the statistics.

With DATABASE_REPLICA_URL set (settings.SKILLCERT_READ_REPLICA names its alias), a view
wrapped in `replica_reads` sends its reads to the replica. Everything else stays on the
primary: every write, every read of an unwrapped view (whatever decides a result reads what
it just wrote or is about to write), and any read inside a transaction on the primary even
in a wrapped view. Without a replica the router answers nothing and Django uses "default".

A replica lags its primary by a moment: a certificate issued a second ago may not verify for
that second, which the public pages can afford and a decision cannot.
"""

import functools
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_replica_ok: ContextVar[bool] = ContextVar("skillcert_replica_reads", default=False)


def replica_alias() -> str | None:
    """The alias reads go to now: the replica inside `replica_reads`, else None (primary)."""
    alias = getattr(settings, "SKILLCERT_READ_REPLICA", None)
    if not alias or not _replica_ok.get():
        return None
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None  # reading what this transaction may have written: the primary only
    return alias


def replica_reads(view):
    """Let the reads of `view` (a page or an API operation) go to the replica."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        token = _replica_ok.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _replica_ok.reset(token)

    return wrapped


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads of `replica_reads` views to the replica."""

    def db_for_read(self, model, **hints):
        return replica_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's WAL: migrate the primary only.
        return db == DEFAULT_DB_ALIAS
