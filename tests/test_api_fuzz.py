"""Bad input never makes a 500: schemathesis generates requests (valid and invalid) for every
operation of the OpenAPI document and sends them, logged in as exam-affairs staff, to the
WSGI application. Half the cases aim at the staff's real institution and sitting, so the
code behind the tenancy check is reached too. Every answer must be deliberate (< 500)."""

import collections

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = 30


@pytest.fixture
def keep_connection():
    """Like Django's test client: requests must not close the test's connection (and with
    it the test transaction) when they finish."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def target(client, staff, sitting, enrol, keep_connection):
    enrol(sitting, 2)
    client.force_login(staff)
    token = _get_new_csrf_string()
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
        "ids": {"iid": sitting.institution_id, "sid": sitting.pk},
    }


def _fuzz(operation, target: dict, statuses: collections.Counter) -> None:
    @given(case=operation.as_strategy(), aim=st.booleans())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case, aim):
        if aim and case.path_parameters:
            for name, value in target["ids"].items():
                if name in case.path_parameters:
                    case.path_parameters[name] = value
        response = case.call(headers=target["headers"], cookies=target["cookies"])
        statuses[(operation.label, response.status_code)] += 1

    run()


def test_no_api_operation_answers_500(db, target):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    statuses: collections.Counter = collections.Counter()
    for operation in operations:
        _fuzz(operation, target, statuses)
    errors = [key for key in statuses if key[1] >= 500]
    assert not errors, errors
    # The session works: the authenticated reads were answered, not refused.
    assert statuses[("GET /api/institutions", 200)] > 0
    assert any(code == 200 for (label, code) in statuses if "{sid}/results" in label)
