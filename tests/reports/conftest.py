from datetime import date

import pytest

from skillcert.certificates import services as certs
from tests import factories as f
from tests.e2e.conftest import browser  # noqa: F401  (Debian's Chromium, for the home page test)

ISSUED_ON = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def manager(institution):
    return f.member(institution)


@pytest.fixture
def reader(institution):
    """A quality supervisor: reads, never changes."""
    from skillcert.institutions.models import Membership

    return f.member(institution, role=Membership.SUPERVISOR)


def issue(pin_issue_day, sitting, n: int, *, on: date, actor=None):
    """`n` passed candidates of `sitting` issued certificates dated `on` (item 24: the
    system's day, pinned); returns the certificates."""
    pin_issue_day(on)
    f.registrations_with_results(sitting, n)
    register = certs.issue_register_create(actor=actor, sitting=sitting)
    certs.issue_register_review(actor=f.colleague(actor), register=register)  # four eyes
    return certs.issue_register_issue(actor=actor, register=register)
