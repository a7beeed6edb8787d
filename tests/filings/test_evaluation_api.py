"""The API of the evaluation and receipt steps, end to end (INST-03, INST-04, INST-12)."""

import pytest

from skillcert.filings.flow import application_move
from skillcert.filings.models import FilingApplication, FilingStep
from tests import factories as f
from tests.filings.helpers import applicant, application_at, full_marks

pytestmark = pytest.mark.django_db


def _marks(**kw):
    return [
        {"order": k, "conforms": v} if isinstance(v, bool) else {"order": k, "points": str(v)}
        for k, v in full_marks(**kw).items()
    ]


def test_inst_03_04_12_api_walk_from_evaluation_to_the_directory(client):
    application = application_at(applicant(), FilingApplication.EVALUATION)
    authority = f.authority_user("410000")
    experts = [f.user(f"api-expert{n}") for n in range(3)]
    base = f"/api/filings/{application.pk}"
    client.force_login(authority)
    response = client.post(
        f"{base}/evaluation/group",
        {"experts": [u.username for u in experts], "leader": experts[0].username},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert len(response.json()["experts"]) == 3
    bad = client.post(f"{base}/evaluation/conclude")
    assert bad.status_code == 400 and bad.json()["detail"]["code"] == "evaluation_waiting"
    for u in experts:
        client.force_login(u)
        r = client.post(
            f"{base}/evaluation/sheet", {"marks": _marks()}, content_type="application/json"
        )
        assert r.status_code == 200 and r.json()["total"] == "100.00", r.content
    client.force_login(authority)
    r = client.post(f"{base}/evaluation/conclude")
    assert r.status_code == 200 and r.json()["passed"] is True
    application_move(actor=authority, application=application, decision=FilingStep.PASS)
    r = client.post(f"{base}/receipt/number")
    assert r.json()["filing_number"] == "Y000041019001"
    r = client.post(
        f"{base}/receipt/publish", {"filed_on": "2026-12-01"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["state"] == "published"
    client.logout()
    listed = client.get("/api/directory").json()
    entry = next(e for e in listed if e["filing_number"] == "Y000041019001")
    assert entry["kind_label"] == "院校" and entry["contact_person"] == "李老师"
    assert {(s["job_type"], tuple(s["levels"])) for s in entry["scope"]} == {
        ("", (5,)),
        ("数控车床", (4, 3, 2, 1)),
    }


def test_inst_03_api_refuses_outsiders_with_404_and_bad_marks_with_400(client):
    application = application_at(applicant(), FilingApplication.EVALUATION)
    base = f"/api/filings/{application.pk}"
    client.force_login(f.authority_user("420000"))
    for path in ("/evaluation", "/receipt"):
        r = client.get(base + path)
        assert r.status_code == 404 and r.json()["detail"]["code"] == "not_found"
    assert client.post(f"{base}/receipt/number").status_code == 404
    authority = f.authority_user("410000")
    experts = [f.user(f"e{n}") for n in range(3)]
    client.force_login(authority)
    client.post(
        f"{base}/evaluation/group",
        {"experts": [u.username for u in experts]},
        content_type="application/json",
    )
    client.force_login(experts[0])
    marks = _marks()
    marks[2] = {"order": 3, "points": "7"}
    r = client.post(f"{base}/evaluation/sheet", {"marks": marks}, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["field"] == "item_3"
