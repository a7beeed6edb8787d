"""Public verification: card on a match, ONE neutral answer otherwise, rate-limited."""

import pytest
from django.test import override_settings
from django.urls import reverse

from skillcert.certificates import services
from skillcert.certificates.verification import NEUTRAL_MESSAGE, verify_path, verify_token

from .conftest import issue


@pytest.fixture
def cert(sitting):
    return issue(sitting, 1)[0]


def _page(client, number, name):
    return client.post(reverse("verify"), {"number": number, "name": name})


def test_verify_page_shows_card_with_masked_id_only(client, cert):
    response = _page(client, cert.number, cert.holder_name)
    body = response.content.decode()
    assert response.status_code == 200
    for value in (
        cert.number,
        cert.holder_name,
        cert.id_masked,
        cert.occupation_name,
        "数控车床",
        "四级/中级工",
        cert.issuer_name,
        "2025年7月1日",
        "有效",
    ):
        assert value in body, value
    assert cert.person.id_number not in body
    assert NEUTRAL_MESSAGE not in body


def test_verify_page_lowercase_number_and_extra_spaces_still_match(client, cert):
    response = _page(client, " " + cert.number.lower(), f" {cert.holder_name} ")
    assert cert.id_masked in response.content.decode()


def test_verify_neutral_answer_is_identical_for_every_kind_of_miss(client, cert):
    unknown = cert.number[:-6] + "999999"
    answers = [
        _page(client, unknown, cert.holder_name),  # unknown number
        _page(client, cert.number, "别人"),  # wrong name
        _page(client, "Y123", cert.holder_name),  # bad format
        _page(client, "", ""),
    ]
    bodies = set()
    for r in answers:
        assert r.status_code == 200
        body = r.content.decode()
        assert NEUTRAL_MESSAGE in body and cert.id_masked not in body
        # What follows the form is the answer; it must not tell the misses apart.
        bodies.add(body.split("</form>")[-1])
    assert len(bodies) == 1


def test_verify_shows_void_as_void(client, cert):
    services.certificate_void(actor=None, certificate=cert, reason="违纪")
    body = _page(client, cert.number, cert.holder_name).content.decode()
    assert "已作废" in body and cert.number in body


def test_verify_qr_landing_needs_the_right_token(client, cert):
    ok = client.get(verify_path(cert.number))
    assert ok.status_code == 200 and "有效" in ok.content.decode()
    wrong_token = "0" * 16 if verify_token(cert.number) != "0" * 16 else "1" * 16
    for path in (
        f"/verify/q/{cert.number}/{wrong_token}/",
        f"/verify/q/{cert.number[:-1]}2/{verify_token(cert.number)}/",
        f"/verify/q/garbage/{verify_token(cert.number)}/",
    ):
        r = client.get(path)
        body = r.content.decode()
        assert r.status_code == 200 and NEUTRAL_MESSAGE in body and cert.id_masked not in body


def test_verify_api_is_public_and_neutral(client, cert):
    r = client.get("/api/verify", {"number": cert.number, "name": cert.holder_name})
    assert r.status_code == 200
    data = r.json()
    assert data["number"] == cert.number and data["id_masked"] == cert.id_masked
    assert data["status_label"] == "有效"
    assert cert.person.id_number not in r.content.decode()
    misses = [
        {"number": cert.number, "name": "别人"},
        {"number": cert.number[:-6] + "999999", "name": cert.holder_name},
        {"number": "nonsense", "name": cert.holder_name},
        {},
    ]
    bodies = [client.get("/api/verify", q) for q in misses]
    assert {b.status_code for b in bodies} == {404}
    assert len({b.content for b in bodies}) == 1
    assert bodies[0].json()["detail"]["message"] == NEUTRAL_MESSAGE


@override_settings(SKILLCERT_RULES={"verify_rate_per_minute": 3})
def test_verify_rate_limit_per_address_on_page_and_api(client, cert):
    for _ in range(3):
        assert _page(client, cert.number, cert.holder_name).status_code == 200
    limited = _page(client, cert.number, cert.holder_name)
    assert limited.status_code == 429 and "查询过于频繁" in limited.content.decode()
    assert cert.id_masked not in limited.content.decode()
    api = client.get("/api/verify", {"number": cert.number, "name": cert.holder_name})
    assert api.status_code == 429 and "查询过于频繁" in api.json()["detail"]["message"]
    assert client.get(verify_path(cert.number)).status_code == 429
    # Another address has its own budget.
    other = client.get(
        "/api/verify", {"number": cert.number, "name": cert.holder_name}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 200


def test_verify_page_without_a_query_is_not_counted(client):
    for _ in range(40):
        assert client.get(reverse("verify")).status_code == 200


def test_each_lookup_is_one_query_reprints_included_P4(
    client, cert, manager, django_assert_num_queries
):
    """The card lists reprints from the same statement (a LEFT JOIN), the JSON reads one row."""
    from datetime import date

    from skillcert.certificates.models import Replacement
    from tests.records.helpers import void_notice

    void_notice(cert)  # CERT-10: declared void in public before a replacement
    for replaced_on in (date(2025, 10, 9), date(2025, 11, 3)):
        services.replacement_create(
            actor=manager,
            certificate=cert,
            reason=Replacement.DAMAGED,
            applied_on=date(2025, 10, 8),
            replaced_on=replaced_on,
            holder_name=cert.holder_name,
            id_number=cert.person.id_number,
        )
    with django_assert_num_queries(1):
        body = _page(client, cert.number, cert.holder_name).content.decode()
    assert "2025年11月3日补发（损毁），证书编号不变；2025年10月9日补发（损毁）" in body
    with django_assert_num_queries(1):
        qr = client.get(verify_path(cert.number)).content.decode()
    assert "2025年11月3日补发" in qr and cert.id_masked in qr
    with django_assert_num_queries(1):
        r = client.get("/api/verify", {"number": cert.number, "name": cert.holder_name})
    assert r.status_code == 200 and r.json()["id_masked"] == cert.id_masked
