"""The filing API: register, open, save, scope, attachments, commitment, submit, and the
authority's list, detail and decisions (INST-01, INST-02, INST-15)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from skillcert.filings.models import FilingApplication as A
from skillcert.institutions.models import Membership
from tests import factories as f
from tests.filings.helpers import PDF, full_sections, submitted

pytestmark = pytest.mark.django_db


def _client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def test_inst_01_register_api_and_its_refusals():
    body = {
        "username": "apidirector",
        "password": "pw-Secret-123",
        "kind": "employer",
        "name": "接口企业",
        "credit_code": f.credit_code(601),
        "region_code": "410102",
        "legal_rep": "周",
        "contact_person": "吴",
        "phone": "1",
    }
    c = Client()
    r = c.post("/api/filings/register", body, content_type="application/json")
    assert r.status_code == 201, r.content
    again = c.post(
        "/api/filings/register", {**body, "username": "x"}, content_type="application/json"
    )
    assert again.status_code == 400 and again.json()["detail"]["field"] == "credit_code"
    with override_settings(SKILLCERT_RULES={"filing_register_rate_limit": 0}):
        limited = c.post("/api/filings/register", body, content_type="application/json")
    assert limited.status_code == 429 and limited.json()["detail"]["code"] == "rate_limited"


def test_inst_02_api_walk_from_draft_to_preliminary_review():
    r = Client().post(
        "/api/filings/register",
        {
            "username": "walker",
            "password": "pw-Secret-123",
            "kind": "college",
            "name": "接口学院",
            "credit_code": f.credit_code(602),
            "region_code": "410102",
            "supervising_dept": "教育厅",
            "legal_rep": "钱",
            "contact_person": "孙",
            "phone": "1",
            "address": "郑州",
        },
        content_type="application/json",
    )
    iid = r.json()["institution_id"]
    user = Membership.objects.get(institution_id=iid).user
    c = _client(user)
    f.standard()
    opened = c.post(
        f"/api/institutions/{iid}/filings",
        {"kind": "initial", "school_type": "technical"},
        content_type="application/json",
    )
    assert opened.status_code == 201
    fid = opened.json()["id"]
    base = f"/api/institutions/{iid}/filings/{fid}"
    bad = c.put(
        base,
        {"sections": {"rules": [{"name": "规则", "made_on": "x", "doc_number": "1"}]}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["detail"]["field"] == "rules.1.made_on"
    saved = c.put(
        base,
        {"sections": full_sections(), "texts": {"org_advantage": "强"}},
        content_type="application/json",
    )
    assert saved.status_code == 200
    experts = saved.json()["sections"]["experts"]
    assert experts[0]["id_number"].count("*") == 10  # masked
    item = c.post(
        base + "/scope",
        {"occupation_code": "6-18-01-01", "levels": "5"},
        content_type="application/json",
    )
    assert item.status_code == 201, item.content
    for kind in ("letter", "work_plan", "evidence"):
        up = c.post(
            base + "/attachments", {"kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", PDF)}
        )
        assert up.status_code == 201, up.content
    bad_up = c.post(
        base + "/attachments", {"kind": "letter", "file": SimpleUploadedFile("a.pdf", b"nope")}
    )
    assert bad_up.status_code == 400 and bad_up.json()["detail"]["rule"] == "INST-02"
    early = c.post(base + "/submit")
    assert early.status_code == 400 and early.json()["detail"]["rule"] == "INST-15"
    assert (
        c.post(
            base + "/commitment", {"signed_by": "钱"}, content_type="application/json"
        ).status_code
        == 200
    )
    done = c.post(base + "/submit")
    assert done.status_code == 200 and done.json()["state"] == "submitted"
    authority = _client(f.authority_user("410100"))
    listed = authority.get("/api/authority/filings?state=submitted").json()
    assert [a["id"] for a in listed] == [fid]
    detail = authority.get(f"/api/authority/filings/{fid}").json()
    assert (
        detail["receiving_department"] == "人力资源社会保障部门" and len(detail["attachments"]) == 3
    )
    aid = detail["attachments"][0]["id"]
    assert authority.get(f"/api/authority/filings/{fid}/attachments/{aid}").content == PDF
    passed = authority.post(
        f"/api/authority/filings/{fid}/decide",
        {"step": "submitted", "decision": "pass"},
        content_type="application/json",
    )
    assert passed.status_code == 200 and passed.json()["state"] == "evaluation"


def test_authority_api_is_the_regions_only():
    _, app = submitted(1)
    other = _client(f.authority_user("420000"))
    assert other.get("/api/authority/filings").json() == []
    assert other.get(f"/api/authority/filings/{app.pk}").status_code == 404
    r = other.post(
        f"/api/authority/filings/{app.pk}/decide",
        {"step": "submitted", "decision": "pass"},
        content_type="application/json",
    )
    assert r.status_code == 404
    applicant = _client(Membership.objects.get(institution=app.institution).user)
    r = applicant.get("/api/authority/filings")
    assert r.status_code == 403 and r.json()["detail"]["code"] == "forbidden"
    assert A.objects.get().state == A.SUBMITTED
