"""Locks after repeated failures, counted in Django's cache (EXAM-05 sign-in, SCORE-03 signing).

A key (a ticket, an address, a user id) may fail `limit` times within `minutes` of its first
failure; the failure that reaches the limit locks the key for `minutes` and starts a fresh
count for afterwards. A success clears the count. The cache is deliberately outside the
database transaction: a failure still counts when the request's transaction rolls back.
"""

import math
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class FailureLock:
    scope: str  # what is counted, e.g. "exam-signin:t" (per ticket)
    limit: int  # failures within `minutes` that lock the key
    minutes: int  # the counting window, and how long a locked key waits

    def _keys(self, key: str) -> tuple[str, str]:
        base = f"skillcert:{self.scope}:{key}"
        return f"{base}:n", f"{base}:until"

    def seconds_left(self, key: str) -> int:
        """Seconds until `key` may try again; 0 when it is not locked."""
        until = cache.get(self._keys(key)[1])
        return max(0, math.ceil(until - time.time())) if until else 0

    def fail(self, key: str) -> int:
        """Count one failure of `key`: how many more it may make before the lock (0: locked)."""
        count_key, until_key = self._keys(key)
        timeout = self.minutes * 60
        cache.add(count_key, 0, timeout=timeout)  # the window starts at the first failure
        try:
            count = cache.incr(count_key)
        except ValueError:  # expired in between
            cache.set(count_key, 1, timeout=timeout)
            count = 1
        if count < self.limit:
            return self.limit - count
        # The lock stores its end, so a message can say how long is left; `add` keeps the
        # first end when concurrent failures reach the limit together.
        cache.add(until_key, time.time() + timeout, timeout=timeout)
        cache.delete(count_key)
        return 0

    def clear(self, key: str) -> None:
        """A success: forget the failures of `key`."""
        cache.delete_many(self._keys(key))

    def locked_keys(self, keys: list[str]) -> dict[str, int]:
        """Of `keys`, those locked now with their seconds left: one cache round trip, so a
        console can show the locks of a whole room (issue 16 item 18)."""
        until_keys = {self._keys(k)[1]: k for k in keys}
        found = cache.get_many(list(until_keys))
        now = time.time()
        return {
            until_keys[ck]: math.ceil(until - now) for ck, until in found.items() if until > now
        }
