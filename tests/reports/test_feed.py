"""CERT-08 / VIOL-05: the certificate data feed with its corrections, read back from the
.xlsx with openpyxl and checked against a hand-counted world:

- sitting A: 3 certificates issued 2025-07-01; the 2nd voided 2025-09-01 (违纪);
- sitting B: 2 certificates issued 2025-08-15; the 1st voided 2025-09-02 (复核更正), after
  the first feed was sent;
- another institution: 1 certificate issued 2025-07-01 and voided (never in our feed).
"""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from skillcert.certificates import services as certs
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.reports.feed import services
from skillcert.reports.feed.models import CertificateFeed
from skillcert.reports.feed.workbook import CORRECTION_COLUMNS
from skillcert.violations.models import CorrectionNotice
from tests import factories as f

from .conftest import issue

pytestmark = pytest.mark.django_db


def _void(cert, on: date, reason: str, actor=None):
    return certs.certificate_void(actor=actor, certificate=cert, reason=reason, voided_on=on)


@pytest.fixture
def world(institution, other_institution, manager, pin_issue_day):
    a = f.sitting(institution, name="车工四级第一批")
    b = f.sitting(institution, name="车工四级第二批")
    first = issue(pin_issue_day, a, 3, on=date(2025, 7, 1), actor=manager)
    second = issue(pin_issue_day, b, 2, on=date(2025, 8, 15), actor=manager)
    _void(first[1], date(2025, 9, 1), "违纪", manager)
    stranger = issue(pin_issue_day, f.sitting(other_institution), 1, on=date(2025, 7, 1))
    _void(stranger[0], date(2025, 9, 1), "违纪")
    return {"a": first, "b": second, "stranger": stranger}


def _download(client, institution, feed) -> bytes:
    r = client.get(reverse("certificate_feed_download", args=[institution.pk, feed.pk]))
    assert r.status_code == 200 and r["Cache-Control"] == "private, no-store"
    return b"".join(r.streaming_content)


def _sheets(data: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_cert08_viol05_feed_has_the_periods_certificates_and_the_unsent_corrections(
    client, institution, manager, world
):
    feed = services.certificate_feed_create(
        actor=manager,
        institution=institution,
        period_start=date(2025, 7, 1),
        period_end=date(2025, 7, 31),
    )
    assert (feed.certificates, feed.correction_count) == (3, 1)
    client.force_login(manager)
    sheets = _sheets(_download(client, institution, feed))
    assert list(sheets) == ["证书数据", "更正"]
    issued = sheets["证书数据"]
    assert len(issued) == 1 + 3  # header + sitting A's three (B is August)
    assert [r[0] for r in issued[1:]] == [1, 2, 3]
    assert sorted(r[1] for r in issued[1:]) == sorted(c.number for c in world["a"])
    states = {r[1]: r[13] for r in issued[1:]}
    assert states[world["a"][1].number] == "已作废" and states[world["a"][0].number] == "有效"
    corrections = sheets["更正"]
    assert corrections[0] == CORRECTION_COLUMNS and len(corrections) == 1 + 1
    row = dict(zip(corrections[0], corrections[1], strict=True))
    voided = world["a"][1]
    assert row["序号"] == 1 and row["证书编号"] == voided.number
    assert row["姓名"] == voided.holder_name
    assert row["证件号码"] == voided.person.id_number  # full, in the managers' file
    assert (row["原发证日期"], row["作废日期"], row["作废原因"]) == (
        "2025-07-01",
        "2025-09-01",
        "违纪",
    )


def test_viol05_sending_marks_the_corrections_so_the_next_feed_leaves_them_out(
    client, institution, manager, world
):
    july = services.certificate_feed_create(
        actor=manager,
        institution=institution,
        period_start=date(2025, 7, 1),
        period_end=date(2025, 7, 31),
    )
    client.force_login(manager)
    before = _download(client, institution, july)
    r = client.post(reverse("certificate_feed_send", args=[institution.pk, july.pk]))
    assert r.status_code == 302
    july.refresh_from_db()
    assert july.sent_at is not None and july.sent_by == manager
    notice = CorrectionNotice.objects.get(certificate=world["a"][1])
    assert notice.sent and notice.sent_by == manager
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"certificate_feed.create", "certificate_feed.sent", "correction_notice.sent"} <= actions
    # A void after the send: the next feed carries it, and only it.
    _void(world["b"][0], date(2025, 9, 2), "复核更正", manager)
    august = services.certificate_feed_create(
        actor=manager,
        institution=institution,
        period_start=date(2025, 8, 1),
        period_end=date(2025, 8, 31),
    )
    sheets = _sheets(_download(client, institution, august))
    assert len(sheets["证书数据"]) == 1 + 2
    assert [r[1] for r in sheets["更正"][1:]] == [world["b"][0].number]
    # The sent feed downloads as it was sent, byte for byte.
    assert _download(client, institution, july) == before
    assert _sheets(before)["更正"][1][1] == world["a"][1].number
    # Sending twice is refused, and marks nothing more.
    with pytest.raises(DomainError) as exc:
        services.certificate_feed_send(actor=manager, feed=july)
    assert exc.value.code == "already_sent"


def test_cert08_unsent_feed_does_not_consume_its_corrections(institution, manager, world):
    """Only 报送 marks a notice: two feeds built before sending both carry it."""
    args = {"actor": manager, "institution": institution}
    one = services.certificate_feed_create(
        **args, period_start=date(2025, 7, 1), period_end=date(2025, 7, 31)
    )
    two = services.certificate_feed_create(
        **args, period_start=date(2025, 8, 1), period_end=date(2025, 8, 31)
    )
    assert (one.correction_count, two.correction_count) == (1, 1)
    assert two.certificates == 2
    assert CorrectionNotice.objects.filter(institution=institution, sent=False).count() == 1


def test_cert08_screen_masks_ids_and_only_managers_get_the_file(
    client, institution, manager, reader, outsider, world
):
    feed = services.certificate_feed_create(
        actor=manager,
        institution=institution,
        period_start=date(2025, 7, 1),
        period_end=date(2025, 7, 31),
    )
    voided = world["a"][1]
    detail = reverse("certificate_feed", args=[institution.pk, feed.pk])
    download = reverse("certificate_feed_download", args=[institution.pk, feed.pk])
    for user in (manager, reader):
        client.force_login(user)
        for url in (detail, reverse("certificate_feeds", args=[institution.pk])):
            page = client.get(url).content.decode()
            assert voided.id_masked in page and voided.person.id_number not in page
    assert client.get(download).status_code == 403  # the reader
    send = reverse("certificate_feed_send", args=[institution.pk, feed.pk])
    assert client.post(send).status_code == 403
    client.force_login(outsider)
    for url in (detail, download):
        assert client.get(url).status_code == 404
    assert client.post(send).status_code == 404
    assert not CorrectionNotice.objects.filter(sent=True).exists()


def test_cert08_bad_period_is_a_message_naming_the_field_and_writes_nothing(
    client, institution, manager, world
):
    client.force_login(manager)
    url = reverse("certificate_feed_create", args=[institution.pk])
    for start, end, message in (
        ("2025-08-01", "2025-07-01", "发证日期至不能早于发证日期自"),
        ("2025-13-01", "2025-07-01", "发证日期自格式不正确"),
        ("", "2025-07-01", "发证日期自"),
    ):
        data = {"period_start": start, "period_end": end}
        r = client.post(url, data, follow=True)
        assert r.status_code == 200 and message in r.content.decode(), data
    assert not CertificateFeed.objects.exists()
    r = client.post(
        f"/api/institutions/{institution.pk}/certificate-feeds",
        {"period_start": "2025-08-01", "period_end": "2025-07-01"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]["field"] == "period_end"
    assert not CertificateFeed.objects.exists()


def test_cert08_nothing_to_send_is_refused(institution, manager):
    with pytest.raises(DomainError) as exc:
        services.certificate_feed_create(
            actor=manager,
            institution=institution,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 1, 31),
        )
    assert exc.value.code == "feed_empty"
    assert not CertificateFeed.objects.exists()


def test_viol05_api_lists_pending_corrections_masked_and_sends(client, institution, manager, world):
    client.force_login(manager)
    base = f"/api/institutions/{institution.pk}/certificate-feeds"
    pending = client.get(f"{base}/pending-corrections").json()
    voided = world["a"][1]
    assert [(p["certificate_number"], p["id_masked"]) for p in pending["items"]] == [
        (voided.number, voided.id_masked)
    ]
    made = client.post(
        base, {"period_start": "2025-08-01", "period_end": "2025-08-31"}, "application/json"
    )
    assert made.status_code == 201
    body = made.json()
    assert (body["certificates"], body["correction_count"]) == (2, 1)
    sent = client.post(f"{base}/{body['id']}/send")
    assert sent.status_code == 200 and sent.json()["sent_at"]
    assert client.get(f"{base}/pending-corrections").json()["items"] == []
    data = b"".join(client.get(f"{base}/{body['id']}/file.xlsx").streaming_content)
    assert _sheets(data)["更正"][1][4] == voided.person.id_number
