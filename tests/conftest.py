import os
import shutil

import pytest
from django.db import connection

from tests import factories as f

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
