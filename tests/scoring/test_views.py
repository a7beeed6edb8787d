import io
from decimal import Decimal

import openpyxl
import pytest

from skillcert.certificates import services as certs
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.scoring.models import Result
from skillcert.scoring.services import ScoreInput, results_set
from tests import factories as f


@pytest.fixture
def client_staff(client, staff, sitting):
    f.on_plan(sitting, staff)  # item 28: score entry by the people the staffing plan names
    client.force_login(staff)
    return client


def url(sitting, suffix="scores/"):
    return f"/i/{sitting.institution_id}/sittings/{sitting.pk}/{suffix}"


def test_score_form_saves_and_decides_SCORE_01(client_staff, sitting, enrol):
    a, b = enrol(sitting, 2)
    resp = client_staff.post(
        url(sitting),
        {
            f"theory_{a.pk}": "80",
            f"practical_{a.pk}": "60",
            f"theory_{b.pk}": "90",
            f"practical_absent_{b.pk}": "on",
        },
    )
    assert resp.status_code == 302
    assert Result.objects.get(registration=a).passed is True
    rb = Result.objects.get(registration=b)
    assert rb.passed is False and rb.practical_absent and rb.practical_score == 0


def test_one_bad_score_saves_nothing_and_names_the_row(client_staff, sitting, enrol):
    a, b = enrol(sitting, 2)
    resp = client_staff.post(
        url(sitting),
        {
            f"theory_{a.pk}": "80",
            f"practical_{a.pk}": "70",
            f"theory_{b.pk}": "120",
            f"practical_{b.pk}": "70",
        },
    )
    assert resp.status_code == 200
    page = resp.content.decode()
    assert "理论成绩：成绩120应在0到100之间" in page
    assert 'value="120"' in page  # what was typed is shown again
    assert not Result.objects.exists()


def test_reader_cannot_enter_scores(client, sitting, enrol, institution):
    reader = f.member(institution, role="supervisor")
    client.force_login(reader)
    reg = enrol(sitting, 1)[0]
    resp = client.post(url(sitting), {f"theory_{reg.pk}": "80", f"practical_{reg.pk}": "80"})
    assert resp.status_code == 403 and not Result.objects.exists()


def test_outsider_gets_404_on_score_pages(client, outsider, sitting):
    client.force_login(outsider)
    assert client.get(url(sitting)).status_code == 404
    assert client.get(url(sitting, "scores.xlsx")).status_code == 404


def test_score_sheet_round_trip_and_row_errors(client_staff, sitting, enrol):
    a, b = enrol(sitting, 2)
    sheet = openpyxl.load_workbook(
        io.BytesIO(client_staff.get(url(sitting, "scores.xlsx")).content)
    )
    ws = sheet.active
    header = ["报名号", "姓名", "证件号码", "理论成绩", "技能成绩", "备注"]  # 备注: SCORE-02 carry
    assert [c.value for c in ws[1]] == header
    assert "*" in ws.cell(2, 3).value  # masked ID in the export
    ws.cell(2, 4).value, ws.cell(2, 5).value = 88, 77
    ws.cell(3, 4).value, ws.cell(3, 5).value = "缺考", "abc"
    bad = io.BytesIO()
    sheet.save(bad)
    bad.seek(0)
    bad.name = "s.xlsx"
    resp = client_staff.post(url(sitting, "scores/upload/"), {"file": bad})
    assert resp.status_code == 200 and "不是数字" in resp.content.decode()
    assert not Result.objects.exists()
    ws.cell(3, 5).value = 70
    good = io.BytesIO()
    sheet.save(good)
    good.seek(0)
    good.name = "s.xlsx"
    assert client_staff.post(url(sitting, "scores/upload/"), {"file": good}).status_code == 302
    assert Result.objects.get(registration=a).theory_score == Decimal("88.0")
    assert Result.objects.get(registration=b).theory_absent


def test_api_put_results_and_outsider_404(client, staff, outsider, sitting, enrol):
    reg = enrol(sitting, 1)[0]
    f.on_plan(sitting, staff)  # item 28
    client.force_login(staff)
    body = {"results": [{"registration_id": reg.pk, "theory_score": "75.5", "practical_score": 61}]}
    resp = client.put(
        f"/api/institutions/{sitting.institution_id}/sittings/{sitting.pk}/results",
        body,
        content_type="application/json",
    )
    assert resp.status_code == 200 and resp.json()[0]["passed"] is True
    assert AuditEntry.objects.filter(action="result.set").count() == 1
    bad = {"results": [{"registration_id": reg.pk, "theory_score": 101, "practical_score": 61}]}
    resp = client.put(
        f"/api/institutions/{sitting.institution_id}/sittings/{sitting.pk}/results",
        bad,
        content_type="application/json",
    )
    assert resp.status_code == 400 and resp.json()["detail"]["code"] == "score_range"
    client.force_login(outsider)
    resp = client.get(f"/api/institutions/{sitting.institution_id}/sittings/{sitting.pk}/results")
    assert resp.status_code == 404


def test_score_locked_once_certified_CERT_06(sitting, enrol):
    """A certified candidate's score cannot change silently (CERT-06)."""
    reg = enrol(sitting, 1)[0]
    results_set(actor=None, sitting=sitting, items=[ScoreInput(reg.pk, Decimal(80), Decimal(80))])
    register = certs.issue_register_create(actor=None, sitting=sitting)
    certs.issue_register_review(actor=None, register=register)
    certs.issue_register_issue(actor=None, register=register)  # item 24: dated today
    with pytest.raises(DomainError) as exc:
        results_set(
            actor=None, sitting=sitting, items=[ScoreInput(reg.pk, Decimal(50), Decimal(80))]
        )
    assert exc.value.rule == "CERT-06"
