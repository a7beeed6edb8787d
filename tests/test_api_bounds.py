import pytest


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

