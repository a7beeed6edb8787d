"""A violation found after issue voids the certificate (VIOL-03, VIOL-05, CERT-06), in
Debian's Chromium driven by Playwright: exam-affairs staff record a VIOL-03 violation for a
certified candidate, confirm it, and the public verification page shows the certificate
void (作废)."""

from datetime import date
from decimal import Decimal

import pytest

from skillcert.certificates import services as certs
from skillcert.scoring.services import ScoreInput, results_set
from tests import factories as f
from tests.e2e.helpers import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_violation_after_issue_voids_certificate_publicly(
    live_server, browser_page, sitting, enrol, pin_issue_day
):
    staff = f.member(sitting.institution, username="kaowu_viol")
    f.on_plan(sitting, staff)  # issue 16 item 28: score entry by the plan's people
    pin_issue_day(date(2025, 7, 1))  # item 24: the issue date is the system's
    reg = enrol(sitting, 1)[0]
    results_set(
        actor=staff,
        sitting=sitting,
        items=[ScoreInput(reg.pk, Decimal("85"), Decimal("78"))],
    )
    register = certs.issue_register_create(actor=staff, sitting=sitting)
    certs.issue_register_review(actor=f.colleague(staff), register=register)  # four eyes
    cert = certs.issue_register_issue(actor=staff, register=register)[0]
    page, iid, base = browser_page, sitting.institution_id, live_server.url

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", "pw-Secret-123")
    page.click("button[type=submit]")

    page.goto(f"{base}/i/{iid}/sittings/{sitting.pk}/violations/new/")
    page.fill("#id_candidate", reg.person.name)
    page.select_option("#id_category", "v03_device")
    page.fill("#id_occurred_at", "2025-06-01T09:40")
    page.check("#id_found_after_sitting")
    page.fill("#id_notes", "监控回放发现考生考试中使用手机拍摄试题")
    page.click("#violation-form button[type=submit]")
    page.wait_for_url(f"{base}/i/{iid}/violations/*/")
    assert "已记录待确认" in page.inner_text("#violation-status")

    # Four eyes (VIOL-05, issue 16 item 23): a colleague confirms what the proctor recorded.
    confirmer = f.member(sitting.institution, username="kaowu_confirm")
    recorded_at = page.url
    page = login(page.context.browser, base, confirmer.username)  # accepts data-confirm
    page.goto(recorded_at)
    page.click("#confirm-form button[type=submit]")
    page.wait_for_load_state()
    assert "已确认处理" in page.inner_text("#violation-status")
    assert f"证书{cert.number}已作废" in page.content()

    # Public verification, as anyone: a fresh context without the staff session.
    public = page.context.browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{base}/verify/")
    public.fill("#id_number", cert.number)
    public.fill("#id_name", cert.holder_name)
    public.click("button[type=submit]")
    card = public.inner_text("section[aria-label=证书信息]")
    assert cert.number in card and "作废" in card
    assert public.locator("section[aria-label=证书信息] .badge.ok").count() == 0
