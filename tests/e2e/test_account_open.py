"""Issue 16 item 21 in Debian's Chromium driven by Playwright: a manager opens a login for
an examiner from the people register (开通账号); the examiner signs in with the temporary
password, is held on the page that replaces it, then reaches the site; and the manager
records the examiner's annual evaluation on the examiner's page (PEOPLE-06)."""

from datetime import date

import pytest

from skillcert.people import services as ps
from tests import factories as f
from tests.e2e.helpers import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_item21_manager_opens_account_examiner_changes_temporary_password(
    live_server, browser, institution
):
    manager = f.member(institution, username="kaowu_account")
    who = ps.person_get_or_create(
        name="新考评员", id_type="resident", id_number=f.resident_id(birth="19800101", seq=90)
    )
    examiner = ps.examiner_add(
        actor=None,
        institution=institution,
        person=who,
        grade="examiner",
        occupations=[f.occupation()],
        skill_level=3,
        skill_occupation=f.occupation(),
        card_number="KP-E2E",
        card_issued_on=date(2025, 1, 1),
        training_hours=48,
        assessment_passed=True,
        contract_start=date(2025, 1, 1),
    )
    base, iid = live_server.url, institution.pk
    page = login(browser, base, manager.username)
    page.goto(f"{base}/i/{iid}/people/")
    page.click("a:text-is('开通账号')")
    page.fill("#id_username", "kp_new_e2e")
    page.click("#account-form button[type=submit]")
    assert "kp_new_e2e" in page.inner_text("#opened-username")
    temporary = page.inner_text("#opened-password").strip()
    assert len(temporary) >= 12

    # Annual evaluation on the examiner's page (PEOPLE-06).
    page.goto(f"{base}/i/{iid}/people/examiners/{examiner.pk}/")
    page.fill("#id_year", "2025")
    page.fill("#id_score", "91")
    page.fill("#id_assignments", "3")
    page.click("#evaluation-form button[type=submit]")
    assert "优秀" in page.inner_text("#evaluations")

    # The examiner: the temporary password works once, and only to choose a new one.
    mine = browser.new_context(locale="zh-CN").new_page()
    mine.goto(f"{base}/accounts/login/")
    mine.fill("#id_username", "kp_new_e2e")
    mine.fill("#id_password", temporary)
    mine.click("button[type=submit]")
    mine.wait_for_url(f"{base}/accounts/first-password/")
    mine.goto(f"{base}/i/{iid}/")
    assert mine.url == f"{base}/accounts/first-password/"  # held until it is changed
    mine.fill("#id_old_password", temporary)
    mine.fill("#id_new_password", "Kaoping-2026-e2e")
    mine.click("#first-password-form button[type=submit]")
    mine.wait_for_load_state()
    assert "first-password" not in mine.url and "密码已修改" in mine.content()
