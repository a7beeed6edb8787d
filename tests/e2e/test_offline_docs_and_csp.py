"""Issue 16 item 17 in Chromium: the API docs work with no network but this server, and the
pages run under the Content-Security-Policy without a violation."""

import pytest

from tests.e2e.helpers import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _watch(page, base: str) -> tuple[list, list]:
    """Abort every request to another host and collect CSP violations from the console."""
    outside, violations = [], []

    def only_this_server(route):
        if route.request.url.startswith(base):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    page.context.route("**/*", only_this_server)
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    return outside, violations


def test_api_docs_work_offline_under_the_csp(live_server, browser_page):
    """Issue 16 item 17: /api/docs is Swagger UI from django-ninja's own static files (no
    CDN): with every request to another host blocked, the page lists the operations, and the
    Content-Security-Policy reports no violation."""
    base = live_server.url
    page = browser_page
    outside, violations = _watch(page, base)
    page.goto(f"{base}/api/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/institutions/{iid}/sittings/{sid}/results" in p for p in paths)
    assert len(paths) >= 30
    assert outside == [] and violations == []


def test_staff_pages_run_under_the_csp(live_server, browser, staff, institution, sitting):
    """The login page, an institution's home and a sitting page (htmx) load with scripts and
    styles from this server only and no CSP violation; htmx is running."""
    base = live_server.url
    page = browser.new_context(locale="zh-CN").new_page()
    outside, violations = _watch(page, base)
    page.goto(f"{base}/accounts/login/")
    page.close()
    page = login(browser, base, staff.username)
    outside2, violations2 = _watch(page, base)
    for url in (f"/i/{institution.pk}/", f"/i/{institution.pk}/sittings/{sitting.pk}/"):
        response = page.goto(f"{base}{url}")
        assert "'nonce-" in response.headers["content-security-policy"], url
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof htmx") == "object", url
    assert outside + outside2 == [] and violations + violations2 == []
