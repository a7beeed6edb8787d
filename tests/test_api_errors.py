"""Issue 10 item 4: every 403/404 of the API has the one body, made in core.api_errors.

Generated from the OpenAPI document like tests/test_tenancy.py (which proves outsiders' 404
and readers' 403): here a manager of the institution names a record that is not there (the
last id of the path), and every operation answers 404 with `{"detail": {"code", "message"}}`.
A source check keeps the API modules from answering 403/404 another way."""

import ast
import pathlib

import pytest

from skillcert.core.api_types import MAX_ID
from tests.api_world import PARAM, fill
from tests.test_tenancy import _call, _institution_operations, _operations, _session

ROOT = pathlib.Path(__file__).resolve().parents[1] / "src" / "skillcert"
MISSING_TEXT = "XX000000000000"  # ids that are text (certificate numbers, rule IDs)
# Refused before the record is looked up, with the same body: SCORE-03, only the panel's
# members enter points, and the manager is not one.
REFUSED_FIRST = {"PUT /api/institutions/{iid}/panels/{pid}/modules/{mid}/scores": 403}


def _missing_last(path: str, world: dict) -> dict:
    params = fill(path, world)
    name = PARAM.findall(path)[-1][1]
    params[name] = MAX_ID if isinstance(params[name], int) else MISSING_TEXT
    return params


def _shape(response) -> bool:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return False
    return isinstance(detail, dict) and {"code", "message"} <= set(detail)


@pytest.mark.django_db
def test_a_missing_record_is_404_with_the_one_body_on_every_api_operation(
    client, world, staff, keep_connection
):
    ops = [op for op in _institution_operations(_operations()) if len(PARAM.findall(op.path)) > 1]
    assert len(ops) >= 20
    session = _session(client, staff)
    wrong = []
    for op in ops:
        response = _call(op, _missing_last(op.path, world), session)
        if response.status_code != REFUSED_FIRST.get(op.label, 404) or not _shape(response):
            wrong.append((op.label, response.status_code, response.text[:300]))
    assert wrong == [], "\n".join(map(str, wrong))


def _api_modules():
    for path in sorted(ROOT.rglob("*.py")):
        # An app's API is api.py, *_api.py or a package named api (people/api/, filings/api/).
        if path.name == "api.py" or path.name.endswith("_api.py") or path.parent.name == "api":
            yield path


def _other_refusals(path: pathlib.Path):
    """Lines that answer 403/404 without the refusals of core.errors."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Raise) and node.exc is not None:
            name = ast.unparse(node.exc)
            if name.split("(")[0] in ("Http404", "PermissionDenied"):
                yield node.lineno, name
        call = isinstance(node, ast.Call) and ast.unparse(node.func) in ("HttpError", "Status")
        if call and node.args and ast.unparse(node.args[0]) in ("403", "404"):
            yield node.lineno, ast.unparse(node)


def test_api_modules_refuse_only_with_not_found_and_forbidden():
    found = [
        f"{p.relative_to(ROOT)}:{line}: {text}"
        for p in _api_modules()
        for line, text in _other_refusals(p)
    ]
    assert not found, "raise core.errors.NotFound/Forbidden instead:\n" + "\n".join(found)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/rules/NOPE-99", "/api/verify?number=X0000&name=无此人", "/api/institutions/1/x"]
)
def test_public_and_unknown_404s_have_the_one_body(client, url):
    response = client.get(url)
    assert response.status_code == 404 and _shape(response), response.content[:300]
