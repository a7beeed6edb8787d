import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_signing_locks():
    """Signing locks live in the cache, keyed by user id; ids repeat between tests on
    SQLite, so no test may inherit another's wrong passwords (SCORE-03)."""
    cache.clear()
    yield
    cache.clear()
