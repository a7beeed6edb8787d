"""`/healthz`: what a load balancer asks before sending a web process traffic.

Checks each shared part this process needs: the primary database (and the replica when one
is configured), the cache (Redis when scaled out) and the file storage. JSON, no login, no
session, no rate limit; 200 when all answer, 503 naming the part that did not. A 503 here is
the balancer's business, not an application error: it is not logged as one.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

PROBE_NAME = "healthz/probe"  # never written: asking whether it exists reaches the storage


def _database(alias: str) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = "skillcert:healthz"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not keep a value")


def _storage() -> None:
    default_storage.exists(PROBE_NAME)


def checks() -> dict:
    parts = {"database": lambda: _database("default")}
    if getattr(settings, "SKILLCERT_READ_REPLICA", None):
        parts["replica"] = lambda: _database(settings.SKILLCERT_READ_REPLICA)
    parts["cache"] = _cache
    parts["storage"] = _storage
    return parts


@require_safe
@never_cache
def healthz(request):
    results, ok = {}, True
    for name, check in checks().items():
        start = time.monotonic()
        try:
            check()
        except Exception as exc:  # any failure is an answer here, never a 500
            ok = False
            results[name] = {"ok": False, "error": type(exc).__name__}
        else:
            results[name] = {"ok": True, "ms": round((time.monotonic() - start) * 1000, 1)}
    response = JsonResponse({"ok": ok, "checks": results}, status=200 if ok else 503)
    response._has_been_logged = True  # django.request would log a 503 as an error
    return response
