import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The registration limit (INST-01) counts in the cache; no test inherits another's."""
    cache.clear()
    yield
    cache.clear()
