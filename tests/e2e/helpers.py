"""Shared steps of the browser tests: each person logs in in their own browser context, so
their sessions (and the service checks on who acts) stay apart."""

from tests.panels.helpers import PASSWORD  # tests.factories.user's password


def login(browser, base_url: str, username: str, password: str = PASSWORD):
    """A page of a new context (zh-CN, accepts downloads) logged in as `username`."""
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    context.on("dialog", lambda dialog: dialog.accept())  # data-confirm: the user agrees
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    # A wrong login stays on the login page; fail here rather than at a later 404.
    assert "/accounts/login/" not in page.url, f"{username} could not log in"
    return page
