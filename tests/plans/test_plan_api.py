"""The plan JSON API (PLAN-01, PLAN-02): bad input never makes a 500 (schemathesis, as in
tests/test_api_fuzz.py, over the plan router's operations of the site's OpenAPI document)."""

import collections

import schemathesis
from django.core.wsgi import get_wsgi_application
from django.middleware.csrf import _get_new_csrf_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def _fuzz(operation, iid: int, token: str, cookies: dict, statuses) -> None:
    @given(case=operation.as_strategy(), aim=st.booleans())
    @settings(
        max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def run(case, aim):
        if aim and case.path_parameters and "iid" in case.path_parameters:
            case.path_parameters["iid"] = iid
        response = case.call(headers={"X-CSRFToken": token}, cookies=cookies)
        statuses[(operation.label, response.status_code)] += 1

    run()


def test_plan01_plan02_api_never_answers_500(db, client, staff, institution, keep_connection):  # noqa: F811
    client.force_login(staff)
    token = _get_new_csrf_string()
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    # The plan router's operations (its tag), not the whole site's: tests/test_api_fuzz.py
    # fuzzes those.
    operations = [
        op
        for op in (result.ok() for result in schema.get_all_operations())
        if "年度计划与公告 plans" in op.definition.raw.get("tags", [])
    ]
    assert {op.label for op in operations} >= {
        "GET /api/institutions/{iid}/plans",
        "POST /api/institutions/{iid}/plans",
        "GET /api/announcements",
    }
    statuses: collections.Counter = collections.Counter()
    for operation in operations:
        _fuzz(operation, institution.pk, token, cookies, statuses)
    assert not [key for key in statuses if key[1] >= 500], statuses
    assert statuses[("GET /api/institutions/{iid}/plans", 200)] > 0
