"""Issue 16 (proof of items 17/19, and every item's tenancy): every API operation, read from
the OpenAPI document, refuses an outsider (a member of another institution) with 404 and a
reader (supervisor) with 403 on writes, answering the one error shape in Chinese. Path
parameters are filled with real objects of `institution` by the URL segment before them, so
a new operation is covered without being listed; a segment this file does not know fails
the test loudly."""

import warnings

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.middleware.csrf import _get_new_csrf_string

from skillcert.institutions.models import Membership
from tests import factories as f
from tests.api_world import fill  # its `world` fixture is loaded in tests/conftest.py

WRITES = {"post", "put", "patch", "delete"}


def _session(client, user) -> dict:
    client.force_login(user)
    token = _get_new_csrf_string()
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
    }


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    return [r.ok() for r in schema.get_all_operations()]


def _example(operation, params: dict):
    """One schema-valid request (body and query) with the real ids in its path."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        case = operation.as_strategy(path_parameters=params).example()
    return case


TRIES = 5


def _call(op, params: dict, session: dict):
    """The answer to a random schema-valid example. An example the validation still refuses
    (422: e.g. a multipart body generated without its file) says nothing about tenancy, so
    another example is drawn, up to TRIES; a 422 that remains is reported like any answer."""
    for _ in range(TRIES):
        response = _example(op, params).call(**session)
        if response.status_code != 422:
            break
    return response


def _institution_operations(ops):
    return [op for op in ops if "{iid}" in op.path]


@pytest.mark.django_db
def test_outsiders_get_404_and_readers_403_on_every_api_operation(
    client, world, institution, outsider, keep_connection
):
    ops = _institution_operations(_operations())
    assert len(ops) >= 30
    reader = f.member(institution, role=Membership.SUPERVISOR)
    wrong = []
    for role, user in (("outsider", outsider), ("reader", reader)):
        session = _session(client, user)
        for op in ops:
            if role == "reader" and op.method.lower() not in WRITES:
                continue
            response = _call(op, fill(op.path, world), session)
            expected = 404 if role == "outsider" else 403
            if role == "reader" and "/panels/" in op.path:
                expected = 404  # SCORE-03: a panel is hidden from all but managers and members
            try:
                body = response.json()
            except ValueError:
                body = response.text
            detail = body.get("detail") if isinstance(body, dict) else None
            shape = isinstance(detail, dict) and {"code", "message"} <= set(detail)
            if response.status_code != expected or not shape:
                wrong.append((role, op.label, response.status_code, str(body)[:600]))
    assert wrong == [], "\n".join(map(str, wrong))
