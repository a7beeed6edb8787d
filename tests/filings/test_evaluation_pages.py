"""Authority pages of the evaluation and receipt steps: 404 to anyone outside the region,
the experts' page only to the group (INST-03, INST-04, INST-12)."""

import io

import pytest
from django.urls import reverse
from docx import Document

from skillcert.filings.evaluation import services as ev
from skillcert.filings.models import EvaluationItem, FilingApplication
from tests import factories as f
from tests.filings.helpers import applicant, application_at

pytestmark = pytest.mark.django_db
AUTHORITY_PAGES = [
    "filing_evaluation",
    "filing_evaluation_sheet",
    "filing_receipt",
    "filing_receipt_docx",
    "filing_receipt_pdf",
    "filing_scope_xlsx",
]


@pytest.fixture
def world():
    application = application_at(applicant(), FilingApplication.EVALUATION)
    experts = [f.user(f"expert{n}") for n in range(3)]
    authority = f.authority_user("410100")
    ev.evaluation_group_name(actor=authority, application=application, experts=experts)
    return {
        "application": application,
        "authority": authority,
        "experts": experts,
        "elsewhere": f.authority_user("420000"),
        "member": f.member(application.institution, role="director"),
    }


@pytest.mark.parametrize("name", AUTHORITY_PAGES)
def test_inst_03_authority_pages_answer_only_the_region(client, world, name):
    url = reverse(name, args=[world["application"].pk])
    for who in ("elsewhere", "member"):
        client.force_login(world[who])
        assert client.get(url).status_code == 404, who
    client.force_login(world["authority"])
    assert client.get(url).status_code == 200


def test_inst_03_post_pages_refuse_outsiders(client, world):
    for name in ("filing_evaluation_conclude", "filing_receipt_number"):
        client.force_login(world["elsewhere"])
        assert client.post(reverse(name, args=[world["application"].pk])).status_code == 404


def test_inst_04_summary_only_for_authority_staff(client, world):
    url = reverse("authority_summary_xlsx")
    client.force_login(world["member"])
    assert client.get(url).status_code == 404
    client.force_login(world["authority"])
    assert client.get(url).status_code == 200


def test_inst_03_an_expert_scores_on_his_page_and_others_get_404(client, world):
    url = reverse("filing_evaluation_score", args=[world["application"].pk])
    client.force_login(world["authority"])
    assert client.get(url).status_code == 404
    client.force_login(world["experts"][0])
    assert client.get(url).status_code == 200
    data = {}
    for item in EvaluationItem.objects.all():
        data[f"item_{item.order}"] = "符合" if item.kind == "veto" else str(item.points)
    data["item_3"] = "9"  # worth 6
    response = client.post(url, data)
    assert response.status_code == 200 and "不能超过6" in response.content.decode()
    data["item_3"] = "6"
    response = client.post(url, data)
    assert response.status_code == 302
    assert client.get(reverse("my_evaluations")).status_code == 200
    sheet = client.get(reverse("filing_evaluation_sheet", args=[world["application"].pk]))
    assert sheet.status_code == 200 and sheet["Content-Type"] == "application/pdf"


def test_inst_04_receipt_docx_downloads_with_the_name(client, world):
    client.force_login(world["authority"])
    response = client.get(reverse("filing_receipt_docx", args=[world["application"].pk]))
    doc = Document(io.BytesIO(response.content))
    assert "申请学院" in "\n".join(p.text for p in doc.paragraphs)


def test_inst_03_the_authority_sees_only_its_regions_queue(client, world):
    far = application_at(
        applicant("湖北学院", n=950, region="420102"), FilingApplication.EVALUATION
    )
    client.force_login(world["authority"])
    page = client.get(reverse("my_evaluations")).content.decode()
    assert "申请学院" in page and "湖北学院" not in page
    assert reverse("filing_evaluation", args=[far.pk]) not in page


def test_inst_12_scope_import_page_names_every_bad_row_and_the_api_imports(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from skillcert.filings.receipt.documents import SCOPE_HEADER
    from tests.filings.test_receipt import _sheet

    application = world["application"]
    bad = _sheet(
        [SCOPE_HEADER, ["9-99-99-99", "无", "", "4", "国标"], ["", "", "无此工种", "4", ""]]
    )
    client.force_login(world["authority"])
    url = reverse("filing_receipt", args=[application.pk])
    page = client.post(url, {"file": SimpleUploadedFile("s.xlsx", bad)}).content.decode()
    assert "第2行" in page and "第3行" in page
    assert application.scope_items.count() == 2
    good = _sheet([SCOPE_HEADER, ["6-18-01-01", "车工", "", "5", "国标"]])
    response = client.post(
        f"/api/filings/{application.pk}/scope/import", {"file": SimpleUploadedFile("g.xlsx", good)}
    )
    assert response.status_code == 200, response.content
    assert [s["levels"] for s in response.json()["scope"]] == ["5"]
    broken = client.post(
        f"/api/filings/{application.pk}/scope/import",
        {"file": SimpleUploadedFile("x.xlsx", b"not a sheet")},
    )
    assert broken.status_code == 400 and broken.json()["detail"]["field"] == "file"
