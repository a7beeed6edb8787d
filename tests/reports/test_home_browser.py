"""Issue 13 in Chromium: the institution home page shows its to-dos and draws the chart
(Chart.js from the static files, data from json_script) under the CSP; the VIOL-05 to-do
leads to the certificate data feed, and once the feed is sent the to-do is gone."""

import pytest

from skillcert.institutions.models import Membership
from tests import factories as f
from tests.e2e.helpers import login

from .home_world import build

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _painted(page) -> int:
    """Canvas pixels with any colour: 0 for a chart never drawn."""
    return page.evaluate(
        """() => {
          const c = document.getElementById('home-chart');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 3; i < d.length; i += 4) { if (d[i]) n++; }
          return n;
        }"""
    )


def test_home_page_todos_and_chart_in_chromium(
    live_server, browser, institution, other_institution
):
    build(institution, other_institution)
    director = f.member(institution, role=Membership.DIRECTOR)
    base = live_server.url
    page = login(browser, base, director.username)
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(f"{base}/i/{institution.pk}/")
    page.wait_for_selector("#home-chart[data-drawn='2']")
    assert _painted(page) > 500
    todos = page.locator("#todos li.todo")
    assert todos.count() >= 8
    appeals = page.locator("#todos [data-todo='appeals']")
    assert appeals.locator(".count").inner_text() == "2"
    assert "成绩复核申请待答复" in appeals.inner_text()
    assert page.locator("#todos [data-todo='corrections'] .count").inner_text() == "2"
    strip = page.locator("tr:has-text('批次A') .stage.current")
    assert strip.inner_text() == "审核"
    # VIOL-05: from the to-do to the feed, build it and send it; the to-do is gone.
    page.click("#todos [data-todo='corrections'] a")
    page.wait_for_selector("#pending-corrections")
    assert page.locator("#pending-corrections tbody tr").count() == 2
    page.click("text=生成 .xlsx")
    page.wait_for_selector("#feed-corrections")
    assert page.locator("#feed-corrections tbody tr").count() == 2
    with page.expect_download() as got:
        page.click("text=下载 .xlsx")
    assert got.value.suggested_filename.endswith(".xlsx")
    page.click("button:has-text('报送')")
    page.wait_for_selector("#feed-sent:has-text('已报送')")
    page.goto(f"{base}/i/{institution.pk}/")
    page.wait_for_selector("#home-chart[data-drawn='2']")
    assert page.locator("#todos [data-todo='corrections']").count() == 0
    assert violations == []
