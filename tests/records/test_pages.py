"""The records pages of the archives part: forms in Chinese, broken rules shown on the form
with nothing changed (REC-07, CERT-10, REC-02), downloads read back (CERT-09, REC-02)."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from skillcert.certificates.models import Certificate
from skillcert.records.archives import services as archives
from skillcert.records.models import DestructionRequest, Equipment, HandoverSignature, VoidNotice
from tests.violations.helpers import ISSUED_ON, issued


@pytest.fixture
def certs(sitting, staff, pin_issue_day):
    pin_issue_day(ISSUED_ON)
    return issued(sitting, 2, actor=staff)


def test_rec07_equipment_page_adds_a_line_and_refuses_a_missing_calibration(
    client, institution, sitting, staff
):
    client.force_login(staff)
    url = reverse("records_equipment", args=[institution.pk])
    data = {
        "occupation": sitting.occupation_id,
        "name": "千分尺",
        "model": "0-25mm",
        "quantity": "5",
        "purchased_on": "2024-05-01",
        "price": "300",
        "work_items": "1.3 精密测量",
        "measuring": "on",
    }
    r = client.post(url, data)
    assert r.status_code == 200 and "计量器具须填写检定有效期" in r.content.decode()
    assert not Equipment.objects.exists()
    r = client.post(url, data | {"calibration_due": "2027-01-01"}, follow=True)
    assert "已登记设备" in r.content.decode() and Equipment.objects.count() == 1


def test_cert09_handover_page_signs_and_prints(client, institution, certs, staff):
    client.force_login(staff)
    register = certs[0].register
    url = reverse("records_handover", args=[institution.pk, register.pk])
    r = client.post(url, {"number": certs[0].number, "signer": "holder", "signed_on": "2025-07-02"})
    assert r.status_code == 302 and HandoverSignature.objects.count() == 1
    r = client.get(reverse("records_handover_pdf", args=[institution.pk, register.pk]))
    text = PdfReader(io.BytesIO(r.content)).pages[0].extract_text()
    assert "证书领取签收表" in text and certs[0].number in text


def test_cert10_void_notice_page_records_the_notice(client, institution, certs, staff):
    client.force_login(staff)
    url = reverse("records_void_notices", args=[institution.pk, certs[0].number])
    r = client.post(url, {"medium": "platform", "publication": "", "published_on": "2025-10-01"})
    assert r.status_code == 200 and not VoidNotice.objects.exists()
    r = client.post(
        url, {"medium": "platform", "publication": "技能人才评价平台", "published_on": "2025-10-01"}
    )
    assert r.status_code == 302 and VoidNotice.objects.count() == 1


def test_rec02_destruction_page_refuses_before_retention(
    client, institution, sitting, certs, staff
):
    archives.archive_assemble(actor=staff, sitting=sitting)
    client.force_login(staff)
    page = client.get(reverse("records_archive", args=[institution.pk, sitting.pk]))
    assert "成绩登记表" in page.content.decode()
    from skillcert.records.models import ArchiveItem

    scores = ArchiveItem.objects.get(source="results", ref="scores")
    r = client.post(
        reverse("records_archive_destruction", args=[institution.pk, sitting.pk]),
        {"items": [scores.pk], "reason": "清理"},
    )
    assert r.status_code == 400 and "保管期限未满" in r.content.decode()
    assert not DestructionRequest.objects.exists()


def test_rec03_package_built_and_downloaded(
    client, institution, sitting, certs, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("records_archive_package", args=[institution.pk, sitting.pk]))
    assert r.status_code == 302
    page = client.get(
        reverse("records_archive", args=[institution.pk, sitting.pk])
    ).content.decode()
    assert "下载档案包" in page  # the task ran on commit
    from skillcert.records.models import ArchivePackage

    job = ArchivePackage.objects.get()
    r = client.get(reverse("records_package_download", args=[institution.pk, job.pk]))
    import zipfile

    zf = zipfile.ZipFile(io.BytesIO(b"".join(r.streaming_content)))
    assert "index.pdf" in zf.namelist()


def test_rec02_api_refuses_destruction_before_retention(client, institution, sitting, certs, staff):
    """REC-02 through the API: a 400 body with the rule, nothing written."""
    client.force_login(staff)
    base = f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/archive"
    items = client.post(base).json()
    scores = next(i for i in items if i["ref"] == "scores")
    r = client.post(
        f"{base}/destructions",
        {"items": [scores["id"]], "reason": "清理"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "retention"
    assert not DestructionRequest.objects.exists()
    assert Certificate.objects.count() == 2
    assert date.today()  # the clock is not pinned for the archive


def test_rec07_api_refuses_an_instrument_past_calibration(client, institution, sitting, staff):
    client.force_login(staff)
    base = f"/api/institutions/{institution.pk}"
    r = client.post(
        f"{base}/equipment",
        {
            "occupation": sitting.occupation_id,
            "name": "游标卡尺",
            "model": "0-150",
            "quantity": 2,
            "purchased_on": "2024-01-01",
            "price": "99.50",
            "work_items": "测量",
            "measuring": True,
            "calibration_due": "2026-05-01",
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["price"] == "99.50"
    r = client.post(
        f"{base}/sittings/{sitting.pk}/equipment",
        {"equipment": r.json()["id"]},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]["code"] == "calibration"


def test_cert10_api_replacement_waits_for_the_void_notice(client, institution, certs, staff):
    client.force_login(staff)
    cert = certs[0]
    base = f"/api/institutions/{institution.pk}/certificates/{cert.number}"
    payload = {
        "reason": "lost",
        "applied_on": "2025-10-08",
        "holder_name": cert.holder_name,
        "id_number": cert.person.id_number,
    }
    r = client.post(f"{base}/replacements", payload, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["code"] == "replace_void_notice"
    r = client.post(
        f"{base}/void-notices",
        {"medium": "newspaper", "publication": "河南日报", "published_on": "2025-10-01"},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = client.post(f"{base}/replacements", payload, content_type="application/json")
    assert r.status_code == 201
