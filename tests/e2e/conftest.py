"""Browser fixtures: Playwright for Python driving Debian's Chromium (never a downloaded one)."""

import os

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser(chromium_path):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def browser_page(browser):
    """A page in a fresh context (accepts downloads, zh-CN); use `browser` for more contexts."""
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    context.on("dialog", lambda dialog: dialog.accept())  # data-confirm: the user agrees
    page = context.new_page()
    page.set_default_timeout(15000)
    return page
