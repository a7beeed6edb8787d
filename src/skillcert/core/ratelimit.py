"""Per-address rate limits counted in Django's cache: the one limiter for public forms
(certificate verification, sign-up) that anyone may call without an account.

A fixed window: each address may make `limit` requests per window of `seconds`; the next
one is refused until the window ends. The cache is outside the database transaction, so a
request that fails and rolls back still counts. Addresses in settings.RATE_LIMIT_EXEMPT
(env SKILLCERT_RATE_LIMIT_EXEMPT, empty by default) are never counted: the verification
bench's load generator on 127.0.0.1, not the public.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites
    # it, and trusting it would let anyone lift the limit by inventing addresses.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@dataclass(frozen=True)
class RateLimit:
    scope: str  # what is counted, e.g. "verify" or "signup"
    limit: int  # requests allowed per window
    seconds: int  # the window

    def hit(self, request) -> bool:
        """Count one request from the client's address; True when it is over the limit."""
        return self.hit_address(client_address(request))

    def hit_address(self, address: str) -> bool:
        """`hit` for an address already known (an ASGI fast path has no Django request)."""
        if address in settings.RATE_LIMIT_EXEMPT:
            return False
        window = int(time.time() // self.seconds)
        key = f"skillcert:rate:{self.scope}:{address}:{window}"
        cache.add(key, 0, timeout=self.seconds * 2)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.seconds * 2)
            count = 1
        return count > self.limit
