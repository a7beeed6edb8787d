import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Sign-in failure counters live in the cache: each test starts without any."""
    cache.clear()
    yield
    cache.clear()
