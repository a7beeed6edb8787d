"""REC-08 in Debian's Chromium: the region's authority opens the dashboard, sees the charts
drawn (Chart.js from the package, under the CSP), filters by institution, drills into a
figure and downloads its rows as .xlsx, read back with openpyxl."""

import io

import openpyxl
import pytest

from tests.e2e.conftest import browser  # noqa: F401 (the fixture, shared with tests/e2e)
from tests.e2e.helpers import login

from .world import region_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DRAWN = """id => { const c = document.getElementById(id); if (!c) return 0;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"""


def test_rec_08_dashboard_filter_drill_and_xlsx(live_server, browser):  # noqa: F811
    region = region_world()
    base = live_server.url
    page = login(browser, base, region["boss"].username)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)

    page.click("#reports-dashboard")  # the link on the authority's home page
    page.fill("#id_start", "2026-01-01")
    page.fill("#id_end", "2026-06-30")
    page.click("#apply-filters")
    page.wait_for_selector("#chart-candidates-by_level[data-drawn='3']")
    assert page.evaluate(DRAWN, "chart-candidates-by_level") > 500  # pixels painted
    assert page.evaluate(DRAWN, "chart-certificates-by_month") > 500
    totals = page.inner_text("#table-candidates-totals tbody")
    assert totals.split() == ["全部", "8", "6", "4", "66.7"]

    page.select_option("#id_institution", str(region["y"].pk))
    page.click("#apply-filters")
    page.wait_for_url("**institution=*")
    assert page.inner_text("#table-candidates-totals tbody").split() == [
        "全部",
        "2",
        "1",
        "1",
        "100.0",
    ]

    page.click("#table-candidates-by_level a:has-text('三级/高级工')")
    page.wait_for_url("**/authority/reports/candidates/?*")
    assert page.inner_text("#drill-count") == "共 2 条"
    assert region["y"].name in page.inner_text("#drill-rows")
    with page.expect_download() as info:
        page.click("#export-rows")
    with open(info.value.path(), "rb") as fh:  # the download's file has no .xlsx suffix
        sheet = openpyxl.load_workbook(io.BytesIO(fh.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[1]) == ["机构", "批次", "等级", "姓名", "证件号码", "实考", "合格"]
    assert [r[2] for r in rows[2:]] == ["三级/高级工", "三级/高级工"]
    assert sorted(r[6] for r in rows[2:]) == ["否", "是"]
    assert all("*" in r[4] for r in rows[2:])
    assert not [m for m in refused if "Content Security Policy" in m or "Chart" in m], refused
