"""REC-08: the documents page and API — who may read and download, the 报送 record (with its
SHA-256 and audit entry), the refusals of a period not ended or a sitting not held, bad
years and quarters answered with a message, other institutions' data 404 (tenancy)."""

import hashlib
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from skillcert.reports.models import ReportDelivery
from skillcert.reports.services import delivery_record
from tests import factories as f
from tests.reports.helpers import counted_world, sitting_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def counted(institution, other_institution):
    return counted_world(institution, other_institution)


@pytest.fixture
def supervisor(institution):
    return f.member(institution, role=Membership.SUPERVISOR)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_reports_home_lists_sittings_and_send_buttons_for_managers(
    client, staff, supervisor, institution, counted
):
    client.force_login(staff)
    page = client.get(reverse("reports_home", args=[institution.pk])).content.decode()
    assert counted["a"].name in page and counted["b"].name in page
    assert reverse("reports_yearly_xlsx", args=[institution.pk, 2025]) in page
    assert reverse("reports_application_xlsx", args=[institution.pk, counted["a"].pk]) in page
    assert page.count('name="kind" value="summary"') == 3  # one per sitting (A, B, C)
    client.force_login(supervisor)
    page = client.get(reverse("reports_home", args=[institution.pk])).content.decode()
    assert counted["a"].name in page
    assert "application.xlsx" not in page and 'name="kind"' not in page


@pytest.mark.django_db
def test_rec08_yearly_xlsx_page_for_any_member(client, supervisor, institution, counted):
    """The bench's URL (reports_yearly_xlsx): a reader gets the file; figures as counted."""
    client.force_login(supervisor)
    response = client.get(reverse("reports_yearly_xlsx", args=[institution.pk, 2026]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    total = next(r for r in rows if r[1] == "合计")
    assert list(total[3:7]) == [2, 8, 7, 4]
    docx = client.get(reverse("reports_yearly_docx", args=[institution.pk, 2026]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    api = client.get(f"/api/i/{institution.pk}/reports/yearly.xlsx?year=2026")
    rows = list(openpyxl.load_workbook(io.BytesIO(api.content)).active.values)
    assert list(next(r for r in rows if r[1] == "合计")[3:7]) == [2, 8, 7, 4]


@pytest.mark.django_db
def test_other_institutions_documents_are_404(client, outsider, staff, institution, counted):
    """Tenancy: an outsider gets 404 on every document; a member asking for another
    institution's sitting under his own institution gets 404 too."""
    client.force_login(outsider)
    iid = institution.pk
    for url in (
        reverse("reports_home", args=[iid]),
        reverse("reports_yearly_xlsx", args=[iid, 2026]),
        reverse("reports_periodic_xlsx", args=[iid, 2026, 2]),
        reverse("reports_summary_xlsx", args=[iid, counted["a"].pk]),
        f"/api/i/{iid}/reports/yearly.xlsx?year=2026",
        f"/api/i/{iid}/reports",
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(staff)
    foreign = counted["d"].pk
    assert client.get(reverse("reports_summary_xlsx", args=[iid, foreign])).status_code == 404
    assert client.get(f"/api/i/{iid}/reports/sittings/{foreign}/notice.docx").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, message",
    [
        (("reports_yearly_xlsx", 1999), "统计年度应为2000年至"),
        (("reports_yearly_docx", 9999), "统计年度应为2000年至"),
        (("reports_periodic_xlsx", 2026, 5), "季度应为1至4"),
        (("reports_periodic_xlsx", 2026, 0), "季度应为1至4"),
    ],
)
def test_bad_year_or_quarter_is_a_message_not_a_500(client, staff, institution, url, message):
    client.force_login(staff)
    name, *args = url
    response = client.get(reverse(name, args=[institution.pk, *args]))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports_home", args=[institution.pk])
    assert any(m.startswith(message) for m in _messages(response))


@pytest.mark.django_db
def test_bad_year_in_the_api_names_the_field(client, staff, institution):
    client.force_login(staff)
    body = client.get(f"/api/i/{institution.pk}/reports/yearly.xlsx?year=1999").json()
    assert body["detail"]["code"] == "report_year"
    assert "统计年度" in body["detail"]["message"]
    body = client.get(f"/api/i/{institution.pk}/reports/periodic.xlsx?year=2026&quarter=7").json()
    assert body["detail"]["code"] == "report_quarter"


@pytest.mark.django_db
def test_rec08_delivery_record_keeps_the_sha256_and_audits(institution, staff):
    content = b"the file sent"
    delivery = delivery_record(
        actor=staff,
        institution=institution,
        kind=ReportDelivery.PERIODIC,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        content=content,
    )
    delivery.refresh_from_db()
    assert delivery.sha256 == hashlib.sha256(content).hexdigest()
    assert delivery.sent_by == staff
    entry = AuditEntry.objects.get(action="report.send", object_id=str(delivery.pk))
    assert entry.institution_id == institution.pk
    assert entry.after["sha256"] == delivery.sha256


@pytest.mark.django_db
def test_rec08_a_period_not_ended_is_refused(institution, staff):
    today = timezone.localdate()
    with pytest.raises(DomainError, match="尚未结束") as refused:
        delivery_record(
            actor=staff,
            institution=institution,
            kind=ReportDelivery.YEARLY,
            period_start=date(today.year, 1, 1),
            period_end=date(today.year, 12, 31),
            content=b"x",
        )
    assert refused.value.field == "period_end" and refused.value.rule == "REC-08"
    assert not ReportDelivery.objects.exists()
    assert not AuditEntry.objects.filter(action="report.send").exists()


@pytest.mark.django_db
def test_rec08_a_summary_of_a_sitting_not_held_is_refused(client, staff, institution):
    ahead = sitting_of(institution, level=4, theory_on=timezone.localdate() + timedelta(days=20))
    client.force_login(staff)
    response = client.post(
        reverse("reports_send", args=[institution.pk]), {"kind": "summary", "sitting": ahead.pk}
    )
    assert response.status_code == 302
    assert any("尚未举行" in m for m in _messages(response))
    assert not ReportDelivery.objects.exists()


@pytest.mark.django_db
def test_rec08_send_from_the_page_records_the_delivery(client, staff, institution, counted):
    client.force_login(staff)
    response = client.post(
        reverse("reports_send", args=[institution.pk]),
        {"kind": "summary", "sitting": counted["a"].pk},
    )
    assert response.status_code == 302
    (delivery,) = ReportDelivery.objects.all()
    assert delivery.kind == "summary" and delivery.sitting == counted["a"]
    assert (delivery.period_start, delivery.period_end) == (date(2026, 6, 1), date(2026, 6, 2))
    assert len(delivery.sha256) == 64
    assert AuditEntry.objects.filter(action="report.send", object_id=str(delivery.pk)).exists()
    page = client.get(reverse("reports_home", args=[institution.pk])).content.decode()
    assert delivery.sha256[:14] in page and "鉴定总结报告" in page


@pytest.mark.django_db
def test_send_form_bad_input_names_the_field(client, staff, institution):
    client.force_login(staff)
    url = reverse("reports_send", args=[institution.pk])
    response = client.post(url, {"kind": "weekly"})
    assert any(m.startswith("报表类型") for m in _messages(response))
    response = client.post(url, {"kind": "yearly", "year": "abc"})
    assert any(m.startswith("年度") for m in _messages(response))
    response = client.post(url, {"kind": "periodic", "year": "2026", "quarter": "9"})
    assert any("季度应为1至4" in m for m in _messages(response))
    assert not ReportDelivery.objects.exists()


@pytest.mark.django_db
def test_api_send_and_list(client, staff, supervisor, institution, counted):
    client.force_login(supervisor)
    url = f"/api/i/{institution.pk}/reports/deliveries"
    body = {"kind": "periodic", "year": 2026, "quarter": 2}
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(staff)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    sent = response.json()
    assert sent["kind_label"] == "定期统计表" and sent["period_end"] == "2026-06-30"
    listed = client.get(f"/api/i/{institution.pk}/reports").json()
    assert [d["id"] for d in listed["deliveries"]] == [sent["id"]]
    assert {s["name"] for s in listed["sittings"]} == {
        counted["a"].name,
        counted["b"].name,
        counted["c"].name,
    }
    open_year = {"kind": "yearly", "year": timezone.localdate().year}
    refused = client.post(url, open_year, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["detail"]["code"] == "report_period_open"


@pytest.mark.django_db
def test_roster_with_full_ids_is_for_managers_and_audited(
    client, staff, supervisor, institution, counted
):
    a = counted["a"]
    url = reverse("reports_application_xlsx", args=[institution.pk, a.pk])
    client.force_login(supervisor)
    assert client.get(url).status_code == 403
    assert (
        client.get(f"/api/i/{institution.pk}/reports/sittings/{a.pk}/application.xlsx").status_code
        == 403
    )
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    roster = openpyxl.load_workbook(io.BytesIO(response.content))["花名册"]
    assert roster.cell(2, 5).value == counted["r1"].person.id_number
    assert (
        AuditEntry.objects.filter(action="report.full_id_download", object_id=str(a.pk)).count()
        == 1
    )


@pytest.mark.django_db
def test_roster_on_screen_and_in_the_api_is_masked(client, supervisor, institution, counted):
    a, person = counted["a"], counted["r1"].person
    client.force_login(supervisor)
    page = client.get(reverse("reports_roster", args=[institution.pk, a.pk])).content.decode()
    assert person.id_masked in page and person.id_number not in page
    assert "审核通过的考生 6 人" in page
    rows = client.get(f"/api/i/{institution.pk}/reports/sittings/{a.pk}/roster").json()
    assert len(rows) == 6
    assert rows[0]["id_number"] == person.id_masked and rows[0]["sex"] in ("男", "女")
