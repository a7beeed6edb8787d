"""CERT-07 pages: the ledger and balance per batch, the moves through the forms, bad input as
a message, tenancy (404 for outsiders, 403 for readers who try to write)."""

from datetime import date

import pytest
from django.urls import reverse

from skillcert.certificates.models import BlankStockBatch, StockMovement
from skillcert.certificates.stock import services as stock_services

from .conftest import issue


@pytest.fixture
def batch(institution):
    return stock_services.stock_receive(
        actor=None,
        institution=institution,
        first_serial=1,
        last_serial=50,
        counted=50,
        received_on=date(2025, 6, 1),
        source="省中心",
    )


def test_cert07_stock_flow_through_the_pages(client, institution, sitting, manager):
    certs = issue(sitting, 2, actor=manager)
    client.force_login(manager)
    iid = institution.pk
    r = client.post(
        reverse("stock_receive", args=[iid]),
        {
            "first_serial": "101",
            "last_serial": "200",
            "counted": "100",
            "received_on": "2025-06-01",
            "source": "省中心",
            "digits": "7",
        },
        follow=True,
    )
    assert "已入库空白证书100张" in r.content.decode()
    batch = BlankStockBatch.objects.get()
    move = reverse("stock_move", args=[iid, batch.pk, "issue_register"])
    r = client.post(move, {"register": certs[0].register_id, "first_serial": "101"}, follow=True)
    assert "已登记打印证书2张" in r.content.decode()
    r = client.post(
        reverse("stock_move", args=[iid, batch.pk, "spoil"]),
        {"first_serial": "103", "reason": "误印"},
        follow=True,
    )
    r = client.post(
        reverse("stock_move", args=[iid, batch.pk, "destroy"]),
        {"first_serial": "103", "witness_1": "甲", "witness_2": ""},
        follow=True,
    )
    assert "请填写监销人2" in r.content.decode()
    r = client.post(
        reverse("stock_move", args=[iid, batch.pk, "count"]), {"counted": "96"}, follow=True
    )
    body = r.content.decode()
    assert "盘点差异-1张" in body  # 100 - 2 issued - 1 spoiled = 97 expected
    assert '<dd id="on-hand">97</dd>' in body
    assert certs[0].number in body and "误印" in body
    listing = client.get(reverse("stock_page", args=[iid])).content.decode()
    assert "0000101—0000200" in listing and "差异-1" in listing
    r = client.post(
        reverse("stock_move", args=[iid, batch.pk, "spoil"]),
        {"first_serial": "abc", "reason": "误印"},
        follow=True,
    )
    assert "起始印刷编号应为整数" in r.content.decode()
    assert StockMovement.objects.filter(kind=StockMovement.SPOIL).count() == 1


def test_cert07_certificate_detail_lists_its_sheets(client, institution, sitting, batch, manager):
    (cert,) = issue(sitting, 1)
    stock_services.stock_issue(actor=None, batch=batch, serial=7, certificate=cert)
    client.force_login(manager)
    body = client.get(
        reverse("certificate_detail", args=[institution.pk, cert.number])
    ).content.decode()
    assert "0000007" in body and "办理补发" in body and cert.person.id_number not in body


def test_cert07_stock_tenancy(client, institution, other_institution, sitting, batch, outsider):
    (cert,) = issue(sitting, 1)
    client.force_login(outsider)
    iid, oid = institution.pk, other_institution.pk
    urls = [
        ("get", reverse("stock_page", args=[iid])),
        ("get", reverse("stock_batch_page", args=[iid, batch.pk])),
        ("get", reverse("stock_batch_page", args=[oid, batch.pk])),
        ("post", reverse("stock_receive", args=[iid])),
        ("post", reverse("stock_move", args=[iid, batch.pk, "spoil"])),
        ("post", reverse("stock_move", args=[oid, batch.pk, "spoil"])),
        ("get", reverse("certificate_detail", args=[iid, cert.number])),
        ("post", reverse("certificate_replace", args=[iid, cert.number])),
        ("get", f"/api/institutions/{iid}/certificate-stock"),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    payload = {
        "reason": "lost",
        "applied_on": "2025-10-08",
        "holder_name": cert.holder_name,
        "id_number": cert.person.id_number,
    }
    api = f"/api/institutions/{iid}/certificates/{cert.number}/replacements"
    assert client.post(api, payload, content_type="application/json").status_code == 404
    assert StockMovement.objects.count() == 1


def test_cert07_reader_sees_ledger_but_cannot_move(client, institution, batch, reader):
    client.force_login(reader)
    page = client.get(reverse("stock_batch_page", args=[institution.pk, batch.pk]))
    assert page.status_code == 200 and "登记销毁" not in page.content.decode()
    r = client.post(
        reverse("stock_move", args=[institution.pk, batch.pk, "spoil"]),
        {"first_serial": "1", "reason": "x"},
    )
    assert r.status_code == 403 and StockMovement.objects.count() == 1
    api = client.get(f"/api/institutions/{institution.pk}/certificate-stock").json()
    assert api[0]["on_hand"] == 50 and api[0]["first_sheet"] == "0000001"
