"""Issue 16 item 2 (PEOPLE-01) in Debian's Chromium: the institution's exam-affairs member
opens a registered candidate's page and prints a one-time claim code; the candidate signs
up with it and sees their own registration at once; a stranger who signs up with the same
name and ID number but without the code sees nothing of it, and the used code is refused
on their home page."""

import pytest

from skillcert.people.models import Person
from tests import factories as f
from tests.e2e.helpers import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fill_signup(page, base, person, username, code=""):
    page.goto(f"{base}/register/")
    page.fill("#id_name", person.name)
    page.fill("#id_id_number", person.id_number)
    page.fill("#id_phone", "13900000000")
    page.fill("#id_username", username)
    page.fill("#id_password", "Qm7-river-lamp")
    page.fill("#id_password2", "Qm7-river-lamp")
    if code:
        page.fill("#id_claim_code", code)
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()


def test_item2_claim_code_sign_up_walk_PEOPLE_01(live_server, browser, sitting, enrol):
    base = live_server.url
    reg = enrol(sitting, 1)[0]
    person = reg.person
    staff = f.member(sitting.institution, username="kaowu_claim")

    # 1. Exam affairs issues the code on the person's page.
    office = login(browser, base, staff.username)
    office.goto(f"{base}/i/{sitting.institution_id}/people/{person.pk}/")
    office.click("#issue-claim-code")
    office.wait_for_selector("#claim-code-value")
    code = office.inner_text("#claim-code-value")
    assert len(code.replace("-", "")) == 10

    # 2. A stranger with the same name and ID but no code: account, not linked, no data.
    stranger = browser.new_context(locale="zh-CN").new_page()
    fill_signup(stranger, base, person, "stranger_e2e")
    assert "注册成功" in stranger.content() and sitting.name not in stranger.content()

    # 3. The candidate signs up with the code: their registration shows on the home page.
    real = browser.new_context(locale="zh-CN").new_page()
    fill_signup(real, base, person, "real_e2e", code=code)
    assert sitting.name in real.content()
    assert Person.objects.get(pk=person.pk).user.username == "real_e2e"

    # 4. The stranger tries the used code on their home page: refused, still nothing.
    stranger.fill("#id_claim_code", code)
    stranger.click("#claim-form button[type=submit]")
    stranger.wait_for_load_state()
    assert "已使用" in stranger.content() and sitting.name not in stranger.content()
