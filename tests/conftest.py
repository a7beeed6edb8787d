import os
import shutil

import pytest
from django.db import connection

from tests import factories as f

# The `world` fixture of the tests that walk the whole API (tenancy, fuzzing).
pytest_plugins = ["tests.api_world", "tests.page_world"]

IN_CI = os.environ.get("CI", "").lower() == "true"


def need(condition: bool, what: str):
    """Skip locally when a real part is missing; under CI=true that is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {what} is missing")
    pytest.skip(f"{what} is missing here")


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql" and os.environ.get("SKILLCERT_CI_PASS") == "sqlite":
        # .ci/run's first pass is SQLite by design; its second pass runs this on PostgreSQL,
        # where a missing server fails under CI=true.
        pytest.skip("runs in the PostgreSQL pass of .ci/run")
    need(connection.vendor == "postgresql", "PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def chromium_path():
    need(os.path.exists("/usr/bin/chromium"), "Debian chromium (/usr/bin/chromium)")
    return "/usr/bin/chromium"


@pytest.fixture
def tool():
    def _tool(name: str) -> str:
        path = shutil.which(name)
        need(path is not None, f"the command {name}")
        return path

    return _tool


@pytest.fixture
def institution(db):
    return f.filed_institution()


@pytest.fixture
def other_institution(db):
    return f.filed_institution("另一所学校")


@pytest.fixture
def staff(institution):
    """An exam-affairs member of `institution`."""
    return f.member(institution)


@pytest.fixture
def outsider(other_institution):
    """A member of another institution: must see 404 on `institution`."""
    return f.member(other_institution)


@pytest.fixture
def sitting(institution):
    """A process-based (课证融通) sitting: 车工（数控车床）level 4, inside the sample scope."""
    from datetime import date

    from skillcert.plans.services import sitting_create

    return sitting_create(
        actor=None,
        institution=institution,
        name="2026年第一批",
        occupation=f.occupation(),
        job_type=f.job_type("数控车床"),
        level=4,
        mode="process",
        theory_on=date(2026, 6, 1),
        practical_on=date(2026, 6, 2),
    )


@pytest.fixture
def enrol():
    """enrol(sitting, n) -> n approved registrations of secondary-vocational students."""
    from skillcert.people.services import person_get_or_create
    from skillcert.plans.models import Registration

    def _enrol(sitting, n: int = 3, start: int = 0):
        regs = []
        for i in range(start, start + n):
            person = person_get_or_create(
                name=f"考生{i:03d}", id_type="resident", id_number=f.resident_id(seq=i + 100)
            )
            regs.append(
                Registration.objects.create(
                    institution=sitting.institution,
                    sitting=sitting,
                    person=person,
                    school_level="secondary",
                    graduating_year=2026,
                )
            )
        return regs

    return _enrol


@pytest.fixture
def pin_issue_day(monkeypatch):
    """pin_issue_day(day): issue 16 item 24 dates certificates by the system's clock
    (certificates.services.issue_day); tests of historic issues pin that clock to `day`."""
    from skillcert.certificates import services
    from skillcert.certificates.services import registers

    def _pin(day):
        # The name callers import, and the one the issuing service reads.
        monkeypatch.setattr(services, "issue_day", lambda: day)
        monkeypatch.setattr(registers, "issue_day", lambda: day)

    return _pin


@pytest.fixture
def keep_connection():
    """Like Django's test client: requests sent to the WSGI application (schemathesis) must
    not close the test's connection (and with it the test transaction) when they finish."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)
