"""API of sittings and roster imports: tenancy (404 to outsiders), managers only for writes."""

import pytest

from skillcert.institutions.models import Membership
from skillcert.plans.models import Registration, RosterImport, Sitting
from tests import factories as f

from .conftest import row, upload, xlsx_bytes


@pytest.fixture
def api(client, staff):
    client.force_login(staff)
    return client


def sitting_payload(**extra):
    return {
        "name": "2025年第二批",
        "occupation_code": "6-18-01-01",
        "job_type": "普通车床",
        "level": 4,
        "mode": "process",
        "theory_on": "2025-07-01",
        **extra,
    }


def test_create_and_list_sittings(api, institution):
    r = api.post(
        f"/api/institutions/{institution.pk}/sittings",
        sitting_payload(),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["job_type"], body["level_label"], body["mode_label"]) == (
        "普通车床",
        "四级/中级工",
        "过程化考核（课证融通）",
    )
    listed = api.get(f"/api/institutions/{institution.pk}/sittings").json()
    assert [s["id"] for s in listed] == [body["id"]]


def test_sitting_outside_the_scope_is_400_with_the_rule_PLAN_07(api, institution):
    r = api.post(
        f"/api/institutions/{institution.pk}/sittings",
        sitting_payload(job_type=None),
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["detail"]["rule"] == "PLAN-07"
    assert not Sitting.objects.exists()


def test_a_nul_character_in_the_occupation_code_is_refused_not_a_500(api, institution):
    """Fuzzed on PostgreSQL, which cannot store U+0000: the field says so (422), no sitting."""
    r = api.post(
        f"/api/institutions/{institution.pk}/sittings",
        sitting_payload(occupation_code="6-18\u0000"),
        content_type="application/json",
    )
    assert r.status_code == 422
    assert r.json()["detail"]["errors"][0]["loc"][-1] == "occupation_code"
    assert not Sitting.objects.exists()


def test_unknown_job_type_is_400(api, institution):
    r = api.post(
        f"/api/institutions/{institution.pk}/sittings",
        sitting_payload(job_type="铣床"),
        content_type="application/json",
    )
    assert r.status_code == 400 and "铣床" in r.json()["detail"]["message"]


def test_roster_upload_and_status(api, institution, sitting):
    data = xlsx_bytes([row("甲"), row("乙", phone="123")])
    r = api.post(
        f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/roster", {"file": upload(data)}
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["status"], body["ok_rows"], body["error_rows"]) == ("done", 1, 1)
    assert body["errors"] == [
        {
            "row": 3,
            "column": "手机号",
            "value": "123",
            "reason": "手机号应为以1开头的11位数字",
            "rule": "",
        }
    ]
    status = api.get(f"/api/institutions/{institution.pk}/roster-imports/{body['id']}").json()
    assert status["percent"] == 100 and status["total_rows"] == 2
    errors = api.get(f"/api/institutions/{institution.pk}/roster-imports/{body['id']}/errors.xlsx")
    assert errors.status_code == 200 and errors.content.startswith(b"PK")


def test_bad_roster_file_is_400_and_stores_nothing(api, institution, sitting):
    r = api.post(
        f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/roster",
        {"file": upload(b"x", "名册.xls")},
    )
    assert r.status_code == 400 and "只接受 .xlsx 文件" in r.json()["detail"]["message"]
    assert not RosterImport.objects.exists()


def test_large_roster_upload_answers_202_queued(
    api, institution, sitting, settings, django_capture_on_commit_callbacks
):
    settings.SKILLCERT_RULES = {"import_background_rows": 1}
    with django_capture_on_commit_callbacks(execute=False):
        r = api.post(
            f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/roster",
            {"file": upload(xlsx_bytes([row(), row()]))},
        )
    assert r.status_code == 202 and r.json()["status"] == "queued"


def test_template_download(api, institution):
    r = api.get(f"/api/institutions/{institution.pk}/roster-template.xlsx")
    assert r.status_code == 200 and r.content.startswith(b"PK")
    assert "attachment" in r["Content-Disposition"]


def test_outsider_gets_404_everywhere(client, outsider, institution, sitting):
    """Tenancy: another institution's member learns nothing, not even that it exists."""
    client.force_login(outsider)
    imp = RosterImport.objects.create(institution=institution, sitting=sitting, filename="x.xlsx")
    base = f"/api/institutions/{institution.pk}"
    for url in (
        f"{base}/sittings",
        f"{base}/roster-imports/{imp.pk}",
        f"{base}/roster-imports/{imp.pk}/errors.xlsx",
        f"{base}/roster-template.xlsx",
    ):
        assert client.get(url).status_code == 404, url
    r = client.post(f"{base}/sittings/{sitting.pk}/roster", {"file": upload(xlsx_bytes([row()]))})
    assert r.status_code == 404
    r = client.post(f"{base}/sittings", sitting_payload(), content_type="application/json")
    assert r.status_code == 404
    assert not Registration.objects.exists()


def test_sitting_of_another_institution_is_404(api, institution, other_institution):
    from .conftest import make_sitting

    foreign = make_sitting(other_institution)
    r = api.post(
        f"/api/institutions/{institution.pk}/sittings/{foreign.pk}/roster",
        {"file": upload(xlsx_bytes([row()]))},
    )
    assert r.status_code == 404
    assert not RosterImport.objects.exists()


def test_a_reader_gets_403_on_writes(client, institution, sitting):
    supervisor = f.member(institution, role=Membership.SUPERVISOR)
    client.force_login(supervisor)
    assert client.get(f"/api/institutions/{institution.pk}/sittings").status_code == 200
    r = client.post(
        f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/roster",
        {"file": upload(xlsx_bytes([row()]))},
    )
    assert r.status_code == 403 and "无权操作" in r.json()["detail"]["message"]
    assert not RosterImport.objects.exists()


def test_anonymous_is_401(client, institution):
    assert client.get(f"/api/institutions/{institution.pk}/sittings").status_code == 401
