"""REC-08 in Debian's Chromium: a manager opens the documents page, downloads the yearly
report (read back with openpyxl: the hand-counted totals of helpers.py), sends the last
ended quarter's statistics (recorded in the history) and is refused sending the quarter that has
not ended, with the rule's message."""

import io

import openpyxl
import pytest
from django.utils import timezone

from skillcert.reports import deadlines
from skillcert.reports.models import ReportDelivery
from tests import factories as f
from tests.e2e.conftest import browser  # noqa: F401  (the Playwright fixture)
from tests.e2e.helpers import login
from tests.reports.helpers import counted_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_documents_page_download_and_send(live_server, browser, institution, other_institution):  # noqa: F811
    counted_world(institution, other_institution)
    staff = f.member(institution, username="kaowu_reports")
    base, iid = live_server.url, institution.pk
    page = login(browser, base, staff.username)
    page.goto(f"{base}/i/{iid}/reports/")
    # The counted world is of 2026; the page lists the last two years, so the 2026 file is
    # fetched with the browser's session by its URL (what the link of that row points to).
    yearly_url = f"/i/{iid}/reports/yearly/2026.xlsx"
    response = page.context.request.get(base + yearly_url)
    assert response.status == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.body())).active.values)
    total = next(r for r in rows if r[1] == "合计")
    assert list(total[3:8]) == [2, 8, 7, 4, "57.1%"]
    row = page.locator("#reports-yearly tr", has_text=f"{timezone.localdate().year - 1}年")
    with page.expect_download() as got:
        row.locator("a", has_text=".xlsx").click()
    with open(got.value.path(), "rb") as fh:
        first = openpyxl.load_workbook(io.BytesIO(fh.read())).active["A1"].value
    assert first.endswith("年度报告") and got.value.suggested_filename.endswith(".xlsx")

    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    last = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    start, end = deadlines.quarter_bounds(*last)
    page.locator("#reports-periodic tr", has_text=f"{last[0]}年第{last[1]}季度").locator(
        "button"
    ).click()
    page.wait_for_load_state()
    assert "已报送定期统计表" in page.inner_text("main")
    assert f"{start:%Y-%m-%d}至{end:%Y-%m-%d}" in page.inner_text("#reports-deliveries")
    current = f"{today.year}年第{quarter}季度"
    page.locator("#reports-periodic tr", has_text=current).locator("button").click()
    page.wait_for_load_state()
    assert "尚未结束" in page.inner_text("main")
    assert ReportDelivery.objects.count() == 1
