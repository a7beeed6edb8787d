"""Bad input never makes a 500, and every answer is what the document says: schemathesis
generates requests for every operation of the OpenAPI document and sends them, logged in as
exam-affairs staff, to the WSGI application. Half the cases aim at real objects of the
staff's institution (tests/api_world.py: sitting, register, certificate, panel, module,
violation, exam, blueprint, roster import), so the code behind the tenancy check is reached
too. Each response is checked: no 5xx, and a documented status answers the documented
schema (issue 16 item 19)."""

import collections

import schemathesis
from django.core.wsgi import get_wsgi_application
from django.middleware.csrf import _get_new_csrf_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api_world import fill  # its `world` fixture is loaded in tests/conftest.py

EXAMPLES = 20
CHECKS = [not_a_server_error, response_schema_conformance]


def _session(client, user) -> dict:
    client.force_login(user)
    token = _get_new_csrf_string()
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
    }


def _fuzz(operation, session: dict, ids: dict, statuses, failures) -> None:
    @given(case=operation.as_strategy(), aim=st.booleans())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case, aim):
        if aim and case.path_parameters:
            case.path_parameters.update(ids)
        response = case.call(**session)
        statuses[(operation.label, response.status_code)] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # schemathesis raises a FailureGroup
            # One failure per operation is enough to report it; go on with the others.
            failures.setdefault(operation.label, f"{response.status_code}: {exc}"[:800])

    run()


def test_every_api_operation_answers_without_5xx_and_as_documented(
    db, client, staff, world, keep_connection
):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40
    session = _session(client, staff)
    statuses: collections.Counter = collections.Counter()
    failures: dict = {}
    for operation in operations:
        _fuzz(operation, session, fill(operation.path, world), statuses, failures)
    assert failures == {}, "\n\n".join(f"{k}\n{v}" for k, v in failures.items())
    # The session works: the authenticated reads were answered, not refused.
    assert statuses[("GET /api/institutions", 200)] > 0
    assert any(code == 200 for (label, code) in statuses if "{sid}/results" in label)
