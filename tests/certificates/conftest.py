from datetime import date

import pytest
from django.core.cache import cache

from skillcert.certificates import services
from tests import factories as f

ISSUED_ON = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def _issued_on_day(pin_issue_day):
    # Issue 16 item 24: the issue date is the system's; these tests issue "on" ISSUED_ON.
    pin_issue_day(ISSUED_ON)


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    # The verification rate limit counts in the cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sitting(institution):
    return f.sitting(institution, level=4)


def issue(sitting, n: int, *, actor=None, issued_on: date | None = None, **kw):
    """Register `n` passed candidates, review and issue them; returns the certificates.
    They are dated by the system's day (item 24): ISSUED_ON where this conftest pins it."""
    f.registrations_with_results(sitting, n, **kw)
    register = services.issue_register_create(actor=actor, sitting=sitting)
    services.issue_register_review(actor=f.colleague(actor), register=register)  # four eyes
    return services.issue_register_issue(actor=actor, register=register, issued_on=issued_on)


@pytest.fixture
def manager(institution):
    return f.member(institution)


@pytest.fixture
def reader(institution):
    """A member who may read but not change (quality supervisor)."""
    from skillcert.institutions.models import Membership

    return f.member(institution, role=Membership.SUPERVISOR)
