"""Issue 16 item 30: a rule ID cited on a screen links to the rule's text on the site."""

import pytest

from skillcert.core.rulebook import rule_get

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_cited_rule_id_links_to_its_text(live_server, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/exam/")
    link = page.locator("main a.rule-id", has_text="EXAM-05").first
    assert link.get_attribute("href") == "/rules/#EXAM-05"
    link.click()
    page.wait_for_url("**/rules/#EXAM-05")
    target = page.locator("dt#EXAM-05 + dd")
    assert target.is_visible() and rule_get("EXAM-05").text[:15] in target.inner_text()
