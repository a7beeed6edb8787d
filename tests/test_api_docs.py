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
