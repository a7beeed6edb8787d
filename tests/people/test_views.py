import io
from datetime import date

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.people.models import Examiner, ExamStaff, Expert, QualitySupervisor
from skillcert.people.registers import COLUMNS
from tests import factories as f

from .conftest import add_examiner, person

pytestmark = pytest.mark.urls("tests.people.urls")

ID = "11010519491231002X"


def examiner_post(**over) -> dict:
    data = {
        "name": "张考评",
        "id_type": "resident",
        "id_number": ID,
        "grade": "examiner",
        "skill_level": "3",
        "skill_occupation": "6-18-01-01",
        "title": "",
        "occupations": "6-18-01-01",
        "card_number": "KP9",
        "card_issued_on": "2025-01-01",
        "training_hours": "48",
        "assessment_passed": "on",
        "contract_start": "2025-01-01",
        "first_assessed_on": "",
    }
    data.update(over)
    return data


def test_people_page_lists_registers_with_masked_ids_and_expiry(client, staff, institution):
    e = add_examiner(institution, card_issued_on=date(2020, 1, 1))
    client.force_login(staff)
    page = client.get(f"/i/{institution.pk}/people/").content.decode()
    assert e.person.name in page and e.person.id_masked in page
    assert e.person.id_number not in page  # never in clear
    assert "证书已过期" in page
    assert "PEOPLE-09" in page  # 车工 has fewer than 3 valid examiners
    assert "PEOPLE-10" in page  # no managers yet
    for section in ("考评员", "质量督导员", "专家", "考务人员"):
        assert f">{section}</h2>" in page


def test_people_pages_are_404_to_outsiders(client, outsider, institution):
    client.force_login(outsider)
    base = f"/i/{institution.pk}/people"
    for path in (
        f"{base}/",
        f"{base}/examiners/new/",
        f"{base}/examiners/import/",
        f"{base}/examiner-template.xlsx",
        f"{base}/supervisors/new/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"{base}/examiners/new/", examiner_post()).status_code == 404
    assert not Examiner.objects.exists()


def test_readers_see_but_cannot_add_403(client, institution):
    reader = f.member(institution, role="supervisor")
    client.force_login(reader)
    base = f"/i/{institution.pk}/people"
    assert client.get(f"{base}/").status_code == 200
    for path in ("examiners/new/", "examiners/import/", "experts/new/", "staff/new/"):
        assert client.get(f"{base}/{path}").status_code == 403, path
    assert client.post(f"{base}/examiners/new/", examiner_post()).status_code == 403
    assert not Examiner.objects.exists()


def test_examiner_form_adds_and_shows_a_broken_rule_PEOPLE_02(client, staff, institution):
    client.force_login(staff)
    url = f"/i/{institution.pk}/people/examiners/new/"
    resp = client.post(url, examiner_post(skill_level="4"))
    assert resp.status_code == 200
    assert "PEOPLE-02" in resp.content.decode() and not Examiner.objects.exists()
    resp = client.post(url, examiner_post())
    assert resp.status_code == 302
    assert Examiner.objects.get(institution=institution).person.name == "张考评"


def test_supervisor_expert_and_staff_forms(client, staff, institution):
    client.force_login(staff)
    base = f"/i/{institution.pk}/people"
    common = {"id_type": "resident"}
    resp = client.post(
        f"{base}/supervisors/new/",
        {**common, "name": "督导", "id_number": f.resident_id(birth="19800101"),
         "kind": "internal", "assessment_since": "2025-01-01", "card_number": "D1",
         "card_issued_on": "2025-01-01"},
    )  # fmt: skip
    assert resp.status_code == 200 and "PEOPLE-07" in resp.content.decode()
    resp = client.post(
        f"{base}/experts/new/",
        {**common, "name": "专家", "id_number": f.resident_id(birth="19800101"),
         "occupation": "6-18-01-01", "degree": "master", "skill_level": "1",
         "assessment_since": "2020-01-01", "term_start": "2025-01-01"},
    )  # fmt: skip
    assert resp.status_code == 302 and Expert.objects.count() == 1
    resp = client.post(
        f"{base}/staff/new/",
        {**common, "name": "监考", "id_number": f.resident_id(birth="19800101"),
         "role": "proctor", "title": ""},
    )  # fmt: skip
    assert resp.status_code == 302 and ExamStaff.objects.count() == 1
    assert not QualitySupervisor.objects.exists()


def _sheet(rows) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, COLUMNS)
    for r, row in enumerate(rows, start=1):
        sheet.write_row(r, 0, row)
    book.close()
    return buffer.getvalue()


def test_import_page_reports_row_errors(client, staff, institution):
    client.force_login(staff)
    url = f"/i/{institution.pk}/people/examiners/import/"
    good = ["甲", "", f.resident_id(birth="19800101"), "考评员", "三级", "6-18-01-01", "",
            "6-18-01-01", "K1", "2025-01-01", 48, "是", "2025-01-01", ""]  # fmt: skip
    bad = [*good[:2], f.resident_id(birth="19800101"), *good[3:10], 12, *good[11:]]
    resp = client.post(url, {"file": SimpleUploadedFile("k.xlsx", _sheet([good, bad]))})
    page = resp.content.decode()
    assert resp.status_code == 200 and "培训学时" in page and "PEOPLE-05" in page
    assert not Examiner.objects.exists()
    resp = client.post(url, {"file": SimpleUploadedFile("k.xlsx", _sheet([good]))})
    assert resp.status_code == 302 and Examiner.objects.count() == 1
    assert client.get(f"/i/{institution.pk}/people/examiner-template.xlsx").status_code == 200


# API ------------------------------------------------------------------------------------


def api_payload(**over) -> dict:
    data = {
        "name": "王考评",
        "id_number": ID,
        "grade": "examiner",
        "occupation_codes": ["6-18-01-01"],
        "skill_level": 3,
        "skill_occupation_code": "6-18-01-01",
        "card_number": "K1",
        "card_issued_on": "2025-01-01",
        "training_hours": 48,
        "assessment_passed": True,
        "contract_start": "2025-01-01",
    }
    data.update(over)
    return data


def test_api_create_and_list_examiners(client, staff, institution):
    client.force_login(staff)
    url = f"/api/institutions/{institution.pk}/examiners"
    resp = client.post(url, api_payload(training_hours=10), content_type="application/json")
    assert resp.status_code == 400 and resp.json()["detail"]["rule"] == "PEOPLE-05"
    resp = client.post(url, api_payload(), content_type="application/json")
    assert resp.status_code == 201, resp.content
    listed = client.get(url).json()
    assert [(e["name"], e["card_valid_until"]) for e in listed] == [("王考评", "2028-01-01")]
    assert ID not in client.get(url).content.decode()


def test_api_tenancy_404_and_readers_403(client, institution, outsider):
    add_examiner(institution, who=person("甲"))
    url = f"/api/institutions/{institution.pk}/examiners"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, api_payload(), content_type="application/json").status_code == 404
    client.force_login(f.member(institution, role="examiner"))
    assert client.get(url).status_code == 200
    assert client.post(url, api_payload(), content_type="application/json").status_code == 403
    assert Examiner.objects.count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"training_hours": 99999999999},
        {"skill_level": 9},
        {"card_number": "K" * 41},
        {"name": "名" * 51},
        {"occupation_codes": []},
        {"grade": "chief"},
    ],
)
def test_api_out_of_range_input_is_a_422_not_a_500(client, staff, institution, bad):
    client.force_login(staff)
    url = f"/api/institutions/{institution.pk}/examiners"
    resp = client.post(url, api_payload(**bad), content_type="application/json")
    assert resp.status_code == 422 and resp.json()["detail"]["code"] == "invalid"


def test_api_schema_documents_the_examiner_endpoints(client, staff):
    client.force_login(staff)
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/institutions/{iid}/examiners"])
