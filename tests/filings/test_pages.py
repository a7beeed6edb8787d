"""The filing pages: registration (INST-01, rate limited), the applicant's draft and
submission, and the authority pages (/authority/filings/: 404/403 to others, the region only)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from skillcert.filings.models import FilingApplication as A
from skillcert.filings.models import FilingAttachment
from skillcert.institutions.models import Institution, Membership
from tests import factories as f
from tests.filings.helpers import PDF, complete, register, submitted

pytestmark = pytest.mark.django_db

REGISTER = {
    "username": "newdirector",
    "password": "pw-Secret-123",
    "kind": "college",
    "name": "新建职业学院",
    "credit_code": "",
    "region_code": "410102",
    "nature": "public",
    "supervising_dept": "河南省教育厅",
    "legal_rep": "王法人",
    "contact_person": "赵",
    "phone": "0371-1",
    "address": "郑州",
}


def _client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def test_inst_01_register_page_opens_the_account_and_the_record(client):
    data = {**REGISTER, "credit_code": f.credit_code(501)}
    response = client.post("/register/institution/", data)
    institution = Institution.objects.get(name="新建职业学院")
    assert response.status_code == 302 and response["Location"] == f"/i/{institution.pk}/filings/"
    assert Membership.objects.get(institution=institution).role == Membership.DIRECTOR
    again = Client().post("/register/institution/", {**data, "username": "other"})
    assert again.status_code == 200 and "不能重复注册" in again.content.decode()


def test_inst_01_register_page_is_rate_limited(client):
    with override_settings(SKILLCERT_RULES={"filing_register_rate_limit": 1}):
        client.post("/register/institution/", {**REGISTER, "credit_code": "bad"})
        response = client.post("/register/institution/", {**REGISTER, "credit_code": "bad"})
    assert response.status_code == 429 and "过于频繁" in response.content.decode()


def test_applicant_pages_draft_scope_attachment_commitment_and_submit():
    user, institution = register(1)
    f.standard()
    c = _client(user)
    response = c.post(f"/i/{institution.pk}/filings/", {"kind": "initial"})
    app = A.objects.get()
    base = f"/i/{institution.pk}/filings/{app.pk}/"
    assert response["Location"] == base
    page = c.get(base).content.decode()
    assert "尚缺内容" in page and "法定代表人尚未签署承诺书" in page
    bad = c.post(base + "sections/", {"rules": "工作规则 | 昨天 | 1号"})
    assert bad.status_code == 400 and "第1行" in bad.content.decode()
    ok = c.post(
        base + "sections/",
        {"rules": "工作规则 | 2026-01-05 | 豫〔2026〕1号", "school_type": "vocational"},
    )
    assert ok.status_code == 302
    app.refresh_from_db()
    assert app.sections["rules"][0]["doc_number"] == "豫〔2026〕1号"
    assert app.receiving_department == "教育部门"
    scope = c.post(
        base + "scope/", {"occupation": "6-18-01-01", "evaluation": "level", "levels": "5、4"}
    )
    assert scope.status_code == 302 and app.scope_items.get().levels == "54"
    wrong = c.post(
        base + "scope/",
        {
            "occupation": "6-18-01-01",
            "job_type": "没有的工种",
            "evaluation": "level",
            "levels": "5",
        },
    )
    assert wrong.status_code == 400 and "CAT-02" in wrong.content.decode()
    upload = c.post(
        base + "attachments/", {"kind": "letter", "file": SimpleUploadedFile("函.pdf", PDF)}
    )
    assert upload.status_code == 302
    bad_file = c.post(
        base + "attachments/", {"kind": "letter", "file": SimpleUploadedFile("x.pdf", b"MZ\x90")}
    )
    assert bad_file.status_code == 400 and "PDF" in bad_file.content.decode()
    attachment = FilingAttachment.objects.get()
    got = c.get(f"{base}attachments/{attachment.pk}/")
    assert got.status_code == 200 and got.content == PDF
    commit = c.post(base + "commitment/", {"signed_by": "别人"})
    assert commit.status_code == 400 and "张法人" in commit.content.decode()
    refused = c.post(base + "submit/")
    assert refused.status_code == 302 and A.objects.get().state == A.DRAFT
    complete(app, user)
    c.post(base + "submit/")
    assert A.objects.get().state == A.SUBMITTED
    assert c.post(base + "sections/", {"rules": ""}).status_code == 400  # locked once submitted


def test_authority_pages_answer_only_the_region():
    _, app = submitted(1)
    authority = f.authority_user("410100")
    page = _client(authority).get("/authority/filings/")
    assert page.status_code == 200 and app.institution.name in page.content.decode()
    assert (
        app.institution.name
        not in _client(f.authority_user("420000")).get("/authority/filings/").content.decode()
    )
    assert (
        _client(f.authority_user("420000")).get(f"/authority/filings/{app.pk}/").status_code == 404
    )
    applicant = Membership.objects.get(institution=app.institution).user
    assert _client(applicant).get("/authority/filings/").status_code == 403
    assert _client(applicant).get(f"/authority/filings/{app.pk}/").status_code == 403
    assert (
        _client(f.user("nobody"))
        .post(f"/authority/filings/{app.pk}/", {"decision": "pass"})
        .status_code
        == 403
    )
    anonymous = Client().get("/authority/filings/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    attachment = app.attachments.first()
    assert (
        _client(f.authority_user("420000"))
        .get(f"/authority/filings/{app.pk}/attachments/{attachment.pk}/")
        .status_code
        == 404
    )
    assert (
        _client(authority).get(f"/authority/filings/{app.pk}/attachments/{attachment.pk}/").content
        == PDF
    )


def test_inst_02_authority_returns_with_reasons_the_applicant_sees_them_and_resubmits():
    user, app = submitted(1)
    authority = _client(f.authority_user("410100"))
    url = f"/authority/filings/{app.pk}/"
    detail = authority.get(url).content.decode()
    assert "初审" in detail and "人力资源社会保障部门" in detail
    empty = authority.post(url, {"step": "submitted", "decision": "return", "reasons": ""})
    assert empty.status_code == 400 and "理由" in empty.content.decode()
    authority.post(
        url, {"step": "submitted", "decision": "return", "reasons": "工作方案缺少考务流程"}
    )
    assert A.objects.get().state == A.RETURNED
    c = _client(user)
    mine = c.get(f"/i/{app.institution_id}/filings/{app.pk}/").content.decode()
    assert "工作方案缺少考务流程" in mine
    c.post(f"/i/{app.institution_id}/filings/{app.pk}/submit/")
    assert A.objects.get().state == A.SUBMITTED
    stale = authority.post(url, {"step": "confirmation", "decision": "pass"})
    assert stale.status_code == 400
    authority.post(url, {"step": "submitted", "decision": "pass"})
    assert A.objects.get().state == A.EVALUATION


def test_a_reader_sees_the_application_but_cannot_download_or_change():
    _, app = submitted(1)
    reader = f.member(app.institution, role=Membership.SUPERVISOR)
    c = _client(reader)
    base = f"/i/{app.institution_id}/filings/{app.pk}/"
    assert c.get(base).status_code == 200
    assert c.get(f"{base}attachments/{app.attachments.first().pk}/").status_code == 403
    assert c.post(base + "submit/").status_code == 403
