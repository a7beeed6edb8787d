import pytest
from django.core.cache import cache

from skillcert.institutions.models import Membership
from tests import factories as f


@pytest.fixture(autouse=True)
def _issued_on_day(pin_issue_day):
    # Issue 16 item 24: the issue date is the system's; these tests issue "on" ISSUED_ON.
    from .helpers import ISSUED_ON

    pin_issue_day(ISSUED_ON)


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    # Public verification counts lookups in the cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def sitting(institution):
    """An exam-mode sitting, 车工（数控车床）level 4 (inside the sample scope)."""
    return f.sitting(institution, level=4)


@pytest.fixture
def manager(institution):
    """Exam-affairs member: records and confirms."""
    return f.member(institution)


@pytest.fixture
def examiner(institution):
    """An examiner member: records, may not confirm."""
    return f.member(institution, role=Membership.EXAMINER)


@pytest.fixture
def supervisor(institution):
    """A quality supervisor member: neither records nor confirms unless on the plan."""
    return f.member(institution, role=Membership.SUPERVISOR)
