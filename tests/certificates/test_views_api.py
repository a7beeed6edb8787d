"""Pages and API: the issue flow, tenancy (404 for outsiders), 403 for non-managers."""

import json

import pytest
from django.urls import reverse

from skillcert.certificates.models import Certificate, CertificatePdfJob, IssueRegister
from tests import factories as f

from .conftest import ISSUED_ON, issue


def test_issue_flow_through_the_pages(client, institution, sitting, manager):
    """CERT-04 end to end with the buttons the browser test clicks."""
    regs = f.registrations_with_results(sitting, 3)
    client.force_login(manager)
    page = client.get(reverse("certificates_issue", args=[institution.pk, sitting.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "生成核发名册" in body
    assert regs[0].person.id_masked in body and regs[0].person.id_number not in body

    r = client.post(
        reverse("issue_register_create", args=[institution.pk, sitting.pk]), follow=True
    )
    # Four eyes (CERT-04, issue 16 item 23): the compiler is told who reviews, no button.
    assert "编制人不能自行审核" in r.content.decode() and "审核通过" not in r.content.decode()
    register = IssueRegister.objects.get(sitting=sitting)
    review = reverse("issue_register_review", args=[institution.pk, register.pk])
    r = client.post(review, follow=True)  # the compiler may not approve (four eyes, CERT-04)
    assert "编制人不能自行审核" in r.content.decode()
    client.force_login(f.colleague(manager))
    r = client.post(review, follow=True)
    assert "核发证书" in r.content.decode()
    r = client.post(
        reverse("issue_register_issue", args=[institution.pk, register.pk]),
        {"issued_on": ISSUED_ON.isoformat()},
        follow=True,
    )
    body = r.content.decode()
    assert "已核发证书3本" in body and "批量生成PDF" in body
    assert Certificate.objects.filter(register=register).count() == 3

    listing = client.get(reverse("certificate_list", args=[institution.pk])).content.decode()
    cert = Certificate.objects.first()
    assert cert.number in listing and cert.id_masked in listing and ">PDF<" in listing
    assert cert.person.id_number not in listing
    pdf = client.get(reverse("certificate_pdf", args=[institution.pk, cert.number]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_domain_errors_show_as_messages(client, institution, sitting, manager):
    client.force_login(manager)
    r = client.post(
        reverse("issue_register_create", args=[institution.pk, sitting.pk]), follow=True
    )
    assert "没有待核发证书的合格人员" in r.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the job runs on commit
def test_batch_pdf_task_writes_file_and_page_offers_download(client, institution, sitting, manager):
    certs = issue(sitting, 3, actor=manager)
    client.force_login(manager)
    register = certs[0].register
    r = client.post(reverse("issue_register_pdf", args=[institution.pk, register.pk]), follow=True)
    job = CertificatePdfJob.objects.get(register=register)
    assert job.status == CertificatePdfJob.DONE and job.done == job.total == 3
    assert job.percent == 100
    assert "下载证书PDF" in r.content.decode()
    fragment = client.get(reverse("pdf_job_status", args=[institution.pk, job.pk]))
    assert "下载证书PDF" in fragment.content.decode() and "hx-trigger" not in (
        fragment.content.decode()
    )
    download = client.get(reverse("pdf_job_download", args=[institution.pk, job.pk]))
    content = b"".join(download.streaming_content)
    assert download.status_code == 200 and content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(content)).pages) == 3
    with job.file.open("rb") as stored:  # PEOPLE-01: the stored file holds no readable PDF
        assert not stored.read().startswith(b"%PDF")


def test_outsider_gets_404_everywhere(client, institution, sitting, outsider):
    (cert,) = issue(sitting, 1)
    client.force_login(outsider)
    iid = institution.pk
    urls = [
        ("get", reverse("certificates_issue", args=[iid, sitting.pk])),
        ("get", reverse("certificate_list", args=[iid])),
        ("get", reverse("certificate_pdf", args=[iid, cert.number])),
        ("post", reverse("issue_register_create", args=[iid, sitting.pk])),
        ("post", reverse("issue_register_review", args=[iid, cert.register_id])),
        ("post", reverse("certificate_void", args=[iid, cert.number])),
        ("get", f"/api/institutions/{iid}/certificates"),
        ("post", f"/api/institutions/{iid}/sittings/{sitting.pk}/issue-registers"),
        ("post", f"/api/institutions/{iid}/issue-registers/{cert.register_id}/review"),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url


def test_register_of_another_institution_is_404_via_own_institution(
    client, institution, other_institution, outsider
):
    """Tenancy: the outsider's own institution id does not unlock our register."""
    (cert,) = issue(f.sitting(institution), 1)
    client.force_login(outsider)
    url = reverse("issue_register_review", args=[other_institution.pk, cert.register_id])
    assert client.post(url).status_code == 404
    url = reverse("certificate_pdf", args=[other_institution.pk, cert.number])
    assert client.get(url).status_code == 404


def test_reader_may_look_but_not_change(client, institution, sitting, reader):
    f.registrations_with_results(sitting, 1)
    client.force_login(reader)
    page = client.get(reverse("certificates_issue", args=[institution.pk, sitting.pk]))
    assert page.status_code == 200 and "生成核发名册" not in page.content.decode()
    r = client.post(reverse("issue_register_create", args=[institution.pk, sitting.pk]))
    assert r.status_code == 403
    api = client.post(f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/issue-registers")
    assert api.status_code == 403 and api.json()["detail"]["code"] == "forbidden"
    assert not IssueRegister.objects.exists()


def test_anonymous_is_sent_to_login(client, institution, sitting):
    r = client.get(reverse("certificate_list", args=[institution.pk]))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    assert client.get(f"/api/institutions/{institution.pk}/certificates").status_code == 401


def test_api_issue_flow(client, institution, sitting, manager):
    f.registrations_with_results(sitting, 2)
    client.force_login(manager)
    base = f"/api/institutions/{institution.pk}"
    r = client.post(f"{base}/sittings/{sitting.pk}/issue-registers")
    assert r.status_code == 201 and r.json()["size"] == 2 and r.json()["status"] == "draft"
    rid = r.json()["id"]
    early = client.post(
        f"{base}/issue-registers/{rid}/issue",
        json.dumps({"issued_on": "2025-07-01"}),
        content_type="application/json",
    )
    assert early.status_code == 400 and early.json()["detail"]["rule"] == "CERT-04"
    client.force_login(f.colleague(manager))  # four eyes (CERT-04): another member reviews
    assert client.post(f"{base}/issue-registers/{rid}/review").json()["status"] == "reviewed"
    r = client.post(
        f"{base}/issue-registers/{rid}/issue",
        json.dumps({"issued_on": "2025-07-01"}),
        content_type="application/json",
    )
    assert r.status_code == 201 and len(r.json()) == 2
    listing = client.get(f"{base}/certificates").json()
    assert listing["count"] == 2
    item = listing["items"][0]
    assert set(item) >= {"number", "holder_name", "id_masked", "level", "status"}
    assert "id_number" not in item
    assert Certificate.objects.get(number=item["number"]).person.id_number not in json.dumps(
        listing, ensure_ascii=False
    )


@pytest.mark.parametrize("body", [{"issued_on": "not a date"}])  # {} now issues today (item 24)
def test_api_issue_bad_body_is_422(client, institution, sitting, manager, body):
    f.registrations_with_results(sitting, 1)
    client.force_login(manager)
    r = client.post(f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/issue-registers")
    rid = r.json()["id"]
    r = client.post(
        f"/api/institutions/{institution.pk}/issue-registers/{rid}/issue",
        json.dumps(body),
        content_type="application/json",
    )
    assert r.status_code == 422


def _reviewed_register(client, institution, sitting, manager) -> int:
    f.registrations_with_results(sitting, 1)
    client.force_login(manager)
    r = client.post(f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/issue-registers")
    rid = r.json()["id"]
    client.force_login(f.colleague(manager))  # four eyes (CERT-04): another member reviews
    client.post(f"/api/institutions/{institution.pk}/issue-registers/{rid}/review")
    client.force_login(manager)
    return rid


def test_item24_api_issue_date_is_the_systems_and_a_typed_other_day_is_refused(
    client, institution, sitting, manager
):
    """Issue 16 item 24 (CERT-03): the issue date is the day of issuing; a back-dated
    (2020) or any other typed day is refused with the rule and issues nothing."""
    from skillcert.certificates.services import issue_day

    rid = _reviewed_register(client, institution, sitting, manager)
    url = f"/api/institutions/{institution.pk}/issue-registers/{rid}/issue"
    r = client.post(url, json.dumps({"issued_on": "2020-01-02"}), content_type="application/json")
    assert r.status_code == 400
    assert r.json()["detail"]["code"] == "issued_on_not_today"
    assert r.json()["detail"]["rule"] == "CERT-03"
    assert not Certificate.objects.exists()
    r = client.post(url, json.dumps({}), content_type="application/json")
    assert r.status_code == 201 and r.json()[0]["issued_on"] == issue_day().isoformat()


def test_item24_issue_form_has_no_date_to_type_and_issues_today(
    client, institution, sitting, manager
):
    """Issue 16 item 24: the page offers no date field; a posted issued_on is ignored."""
    from skillcert.certificates.services import issue_day

    rid = _reviewed_register(client, institution, sitting, manager)
    page = client.get(f"/i/{institution.pk}/sittings/{sitting.pk}/issue/").content.decode()
    assert 'name="issued_on"' not in page
    client.post(f"/i/{institution.pk}/issue-registers/{rid}/issue/", {"issued_on": "2020-01-02"})
    assert Certificate.objects.get().issued_on == issue_day()
