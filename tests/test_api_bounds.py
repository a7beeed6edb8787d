import collections
import re

import pytest

from skillcert.core.api_types import MAX_ID


@pytest.mark.parametrize(
    "query", ["offset=99999999999999999999", "limit=99999999999999999999", "offset=-1", "limit=0"]
)
def test_out_of_range_paging_is_a_422_not_a_500(client, staff, institution, query):
    """Bad input gets a clear answer: paging values a database cannot hold are refused."""
    client.force_login(staff)
    resp = client.get(f"/api/institutions/{institution.pk}/certificates?{query}")
    assert resp.status_code == 422 and resp.json()["detail"]["code"] == "invalid"


@pytest.mark.parametrize(
    "path",
    [
        "/api/institutions/99999999999999999999/certificates",
        "/api/institutions/{iid}/sittings/99999999999999999999/results",
    ],
)
def test_huge_ids_are_a_404_not_a_500(client, staff, institution, path):
    client.force_login(staff)
    assert client.get(path.format(iid=institution.pk)).status_code == 404


@pytest.mark.parametrize("body", ["{not json", "[" * 100_000, "\xff"])
def test_a_body_that_is_not_json_is_a_400_in_chinese(client, staff, institution, body):
    client.force_login(staff)
    resp = client.post(
        f"/api/institutions/{institution.pk}/sittings", body, content_type="application/json"
    )
    assert resp.status_code == 400
    assert resp.json()["detail"] == {"code": "body_unparsable", "message": "请求内容不是有效的JSON"}


# --- Issue 16 item 19: ids, schema names and error bodies, checked over the whole API -------

ID_NAME = re.compile(r"^(id|\w+_id|\w+_ids|iid|sid|rid|eid|bid|pid|mid|vid)$")


def _openapi(client) -> dict:
    return client.get("/api/openapi.json").json()


def _resolve(doc: dict, schema: dict) -> dict:
    ref = schema.get("$ref")
    return doc["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else schema


def _bounded(schema: dict) -> bool:
    return schema.get("maximum", MAX_ID + 1) <= MAX_ID and schema.get("minimum", 0) >= 1


def _unbounded_ids(doc: dict, schema: dict, where: str, seen: set) -> list[str]:
    """Integer id properties of a request schema (recursively) without a database bound."""
    schema = _resolve(doc, schema)
    if id(schema) in seen:
        return []
    seen.add(id(schema))
    found = []
    for name, prop in schema.get("properties", {}).items():
        options = [_resolve(doc, p) for p in prop.get("anyOf", [prop])]
        for option in options:
            is_array = option.get("type") == "array"
            target = _resolve(doc, option["items"]) if is_array else option
            if target.get("type") == "integer" and ID_NAME.match(name) and not _bounded(target):
                found.append(f"{where}.{name}")
            found += _unbounded_ids(doc, target, f"{where}.{name}", seen)
    return found


def test_every_database_id_the_api_accepts_is_bounded(client, db):
    """Issue 16 item 19: one bounded id type (core.api_types.DbId) serves every path parameter
    and request field that is a database id, so none reaches the driver out of range. Read
    from the OpenAPI document: a new route or field with a bare `int` id fails here."""
    doc = _openapi(client)
    unbounded = []
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            for param in op.get("parameters", []):
                # Path parameters are ids (a certificate number is a string: no integer);
                # query parameters are when their name says so.
                schema = param["schema"]
                if param["in"] != "path" and not ID_NAME.match(param["name"]):
                    continue
                ints = [s for s in schema.get("anyOf", [schema]) if s.get("type") == "integer"]
                if not all(_bounded(s) for s in ints):
                    unbounded.append(f"{method.upper()} {path} {param['name']}")
            body = op.get("requestBody", {}).get("content", {})
            for media in body.values():
                unbounded += _unbounded_ids(doc, media["schema"], f"{method.upper()} {path}", set())
    assert not unbounded, unbounded


def test_results_put_refuses_a_registration_id_of_2_70(client, staff, sitting, enrol):
    """Issue 16 item 19: a registration id no database can hold is a 422 naming the field,
    not a 500 from the driver; nothing is written."""
    from skillcert.scoring.models import Result

    enrol(sitting, 1)
    client.force_login(staff)
    resp = client.put(
        f"/api/institutions/{sitting.institution_id}/sittings/{sitting.pk}/results",
        {"results": [{"registration_id": 2**70, "theory_score": "80"}]},
        content_type="application/json",
    )
    assert resp.status_code == 422
    assert resp.json()["detail"]["errors"][0]["loc"][-1] == "registration_id"
    assert not Result.objects.exists()


def test_no_two_api_schemas_share_a_name(client, db):
    """Issue 16 item 19: the OpenAPI names a body by its class name, so two classes with one
    name make the document show one body for both (the results PUT showed the panel scores).
    Each results-PUT body field must be the results' own."""
    import ninja

    from skillcert import api  # noqa: F401  (every router imported)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = collections.defaultdict(set)
    for cls in subclasses(ninja.Schema):
        if cls.__module__.startswith("skillcert."):
            names[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    assert {n: m for n, m in names.items() if len(m) > 1} == {}
    doc = _openapi(client)
    body = doc["paths"]["/api/institutions/{iid}/sittings/{sid}/results"]["put"]["requestBody"]
    schema = _resolve(doc, body["content"]["application/json"]["schema"])
    item = _resolve(doc, schema["properties"]["results"]["items"])
    assert "registration_id" in item["properties"] and "theory_score" in item["properties"]


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary="])
def test_a_multipart_body_without_boundary_is_a_400_in_chinese(
    client, staff, sitting, settings, debug, content_type
):
    """Issue 16 item 19: a multipart upload without a boundary was a 500 in debug and an
    English HTML 400 in production; it is the client's error, answered in Chinese JSON."""
    from skillcert.plans.models import RosterImport

    settings.DEBUG = debug
    client.force_login(staff)
    client.raise_request_exception = False
    resp = client.post(
        f"/api/institutions/{sitting.institution_id}/sittings/{sitting.pk}/roster",
        b"--x\r\n",
        content_type=content_type,
    )
    assert resp.status_code == 400
    assert resp.json()["detail"]["code"] == "body_unparsable"
    assert "multipart" in resp.json()["detail"]["message"]
    assert not RosterImport.objects.exists()


def test_the_anonymous_403_is_in_chinese(db, institution):
    """Issue 16 item 19: a write without a session (and so without a CSRF cookie) is refused
    with the API's one error shape in Chinese, not django-ninja's "CSRF check Failed"."""
    from django.test import Client

    resp = Client(enforce_csrf_checks=True).post(
        f"/api/institutions/{institution.pk}/sittings", "{}", content_type="application/json"
    )
    assert resp.status_code == 403
    detail = resp.json()["detail"]
    assert set(detail) == {"code", "message"} and detail["code"] == "csrf_failed"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail["message"])


def test_a_role_refusal_has_the_one_error_shape(client, institution, sitting):
    """Issue 16 item 19: 403s raised as HttpError by the apps carry {code, message} too."""
    from tests import factories as f

    client.force_login(f.member(institution, role="supervisor"))
    resp = client.post(
        f"/api/institutions/{institution.pk}/registrations/decisions",
        {"ids": [1], "decision": "approve"},
        content_type="application/json",
    )
    assert resp.status_code == 403
    assert resp.json()["detail"]["code"] == "forbidden"
    assert "无权操作" in resp.json()["detail"]["message"]
