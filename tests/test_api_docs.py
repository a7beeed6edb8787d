def test_openapi_document_lists_the_path(client):
    """The JSON API documents itself at /api/openapi.json (for the authority's integrations)."""
    doc = client.get("/api/openapi.json").json()
    paths = set(doc["paths"])
    for path in (
        "/api/institutions",
        "/api/institutions/{iid}/sittings",
        "/api/institutions/{iid}/sittings/{sid}/roster",
        "/api/institutions/{iid}/sittings/{sid}/results",
        "/api/verify",
    ):
        assert path in paths, path


def test_api_needs_a_login(client, db):
    resp = client.get("/api/institutions")
    assert resp.status_code == 401 and resp.json()["detail"]["code"] == "unauthenticated"


def test_operation_ids_are_unique_and_survive_splitting_an_api_module(client):
    """Generated clients call operations by id: every id is unique, and an API split into a
    package (people/api/, filings/api/) keeps the ids it had as one module."""
    doc = client.get("/api/openapi.json").json()
    ids = [op["operationId"] for ops in doc["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    by_path = {
        path: {m: op["operationId"] for m, op in ops.items()} for path, ops in doc["paths"].items()
    }
    assert by_path["/api/filings/register"]["post"] == "skillcert_filings_api_filing_register"
    assert (
        by_path["/api/authority/filings/{fid}/decide"]["post"]
        == "skillcert_filings_api_authority_decide"
    )
    assert by_path["/api/me/claim"]["post"] == "skillcert_people_api_claim"
