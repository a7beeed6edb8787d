"""REC-08: the dashboard's pages, .xlsx and API for the region's authority; 404 for anyone
else (an institution's member, another region's authority on a filtered institution), a
Chinese message beside a bad filter, figures as counted by hand in tests/reports/world.py."""

import io

import openpyxl
import pytest
from django.urls import reverse

from skillcert.institutions.models import Membership
from tests import factories as f

from .world import region_world

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}


@pytest.fixture
def region(db):
    return region_world()


@pytest.fixture
def boss(client, region):
    client.force_login(region["boss"])
    return client


def test_rec_08_dashboard_shows_every_section_with_its_chart_data(boss, region):
    response = boss.get(reverse("reports_dashboard"), PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    for key in (
        "institutions",
        "sittings",
        "candidates",
        "certificates",
        "overdue",
        "complaints",
        "inspections",
    ):
        assert f'id="section-{key}"' in html
    assert 'id="chart-candidates-by_level"' in html
    assert 'id="dashboard-charts"' in html and "js/Chart.min.js" in html
    charts = {c["id"]: c for c in response.context["charts"]}
    level = charts["candidates-by_level"]
    assert level["labels"] == ["三级/高级工", "四级/中级工", "五级/初级工"]
    assert level["datasets"][2] == {"label": "合格人数", "data": [1, 2, 1]}
    assert region["z"].name not in html  # Hubei's institution is in no table and no choice


def test_rec_08_bad_filters_answer_400_with_the_message_beside_the_field(boss, region):
    response = boss.get(
        reverse("reports_dashboard"),
        {"start": "2026-02-30", "institution": "abc", "occupation": "x\x00"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-start"' in html and "不是有效日期" in html
    assert 'id="error-institution"' in html and "本地区没有该机构" in html
    assert 'id="error-occupation"' in html


def test_rec_08_drill_lists_the_rows_with_masked_ids(boss, region):
    url = reverse("reports_drill", args=["candidates"])
    response = boss.get(url, PERIOD | {"institution": region["y"].pk, "level": 3})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 2  # 乙's sitting of level 3: one passed, one absent
    assert sorted(r[5:] for r in rows) == [["否", "否"], ["是", "是"]]
    assert all("*" in r[4] and len(r[4]) == 18 for r in rows)  # masked, never the number
    bad = boss.get(url, PERIOD | {"level": "9"})
    assert bad.status_code == 400 and "等级须为1至5" in bad.content.decode()
    assert boss.get(reverse("reports_drill", args=["nonsense"])).status_code == 404


def test_rec_08_drill_of_certificates_voided_in_the_period(boss, region):
    url = reverse("reports_drill", args=["certificates"])
    response = boss.get(url, PERIOD | {"status": "void"})
    assert response.status_code == 200
    assert [r[7] for r in response.context["rows"]] == ["已作废", "已作废"]
    assert len(response.context["rows"]) == 2


def _sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def _trim(row) -> list:
    """A row without the empty cells the sheet's widest table leaves on its right."""
    cells = list(row)
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def test_cert_08_section_xlsx_reads_back(boss, region):
    response = boss.get(reverse("reports_export", args=["certificates"]), PERIOD)
    assert response.status_code == 200
    rows = [_trim(r) for r in _sheet(response.content).iter_rows(values_only=True)]
    header = rows.index(["范围", "核发证书", "作废证书"])
    assert rows[header + 1] == ["全部", 4, 2]
    month = rows.index(["月份", "核发证书", "作废证书"])
    assert rows[month + 1 : month + 5] == [
        ["2026-02", 0, 1],
        ["2026-04", 2, 0],
        ["2026-05", 1, 0],
        ["2026-06", 1, 1],
    ]


def test_rec_08_drill_xlsx_reads_back_masked(boss, region):
    url = reverse("reports_export", args=["candidates"])
    response = boss.get(url, PERIOD | {"institution": region["y"].pk, "rows": "1"})
    rows = list(_sheet(response.content).iter_rows(values_only=True))
    assert list(rows[1]) == ["机构", "批次", "等级", "姓名", "证件号码", "实考", "合格"]
    assert len(rows) == 4 and {r[0] for r in rows[2:]} == {region["y"].name}
    assert all("*" in r[4] for r in rows[2:])


def test_rec_08_api_answers_the_same_figures(boss, region):
    response = boss.get("/api/authority/reports/candidates", PERIOD)
    assert response.status_code == 200, response.content
    body = response.json()
    totals = next(t for t in body["tables"] if t["key"] == "totals")
    assert totals["rows"] == [["全部", 8, 6, 4, 66.7]]
    assert body["start"] == "2026-01-01" and body["institution"] is None
    bad = boss.get("/api/authority/reports/candidates", {"start": "yesterday"})
    assert bad.status_code == 400
    assert bad.json()["detail"]["code"] == "bad_filter"
    assert boss.get("/api/authority/reports/nonsense").status_code == 404


def test_rec_08_institution_members_and_anonymous_get_nothing(client, region):
    member = f.member(region["x"], role=Membership.DIRECTOR)
    client.force_login(member)
    urls = [
        reverse("reports_dashboard"),
        reverse("reports_drill", args=["candidates"]),
        reverse("reports_export", args=["candidates"]),
    ]
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]
    assert client.get("/api/authority/reports/candidates").status_code == 404
    client.logout()
    assert "/accounts/login/" in client.get(urls[0])["Location"]


def test_rec_08_another_region_sees_only_its_own(client, region):
    client.force_login(f.authority_user("420000"))
    response = client.get("/api/authority/reports/certificates", PERIOD)
    totals = next(t for t in response.json()["tables"] if t["key"] == "totals")
    assert totals["rows"] == [["全部", 1, 0]]  # 丙's one certificate of 04-01
    filtered = client.get(
        "/api/authority/reports/certificates", PERIOD | {"institution": region["x"].pk}
    )
    assert filtered.status_code == 400  # 甲 is not in Hubei: named, never shown
    assert filtered.json()["detail"]["message"] == "机构：本地区没有该机构"


def test_rec_08_authority_home_links_the_dashboard(boss):
    assert reverse("reports_dashboard") in boss.get(reverse("home")).content.decode()
