"""Issue 16 item 29: on a phone (375×667) the candidate home, the exam page and the /verify/
result page fit the screen: no horizontal overflow (scrollWidth <= innerWidth), in Debian's
Chromium. A confirmation dismissed keeps an irreversible form from being sent."""

import pytest

from skillcert.certificates.models import Certificate
from tests import factories as f
from tests.certificates.conftest import issue
from tests.exams.helpers import make_exam, seat_all
from tests.panels.helpers import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 375, "height": 667}
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def _phone(browser):
    # Not is_mobile: Chromium would widen the layout viewport to the content and hide it.
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def _overflow(page) -> str:
    """What sticks out, to read in a failure (tag, class, width)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' +
              Math.round(e.getBoundingClientRect().right)).join('; ')"""
    )


def test_candidate_exam_and_verify_pages_fit_a_phone_item29(live_server, browser, institution):
    sitting = f.sitting(institution, level=4)
    (cert,) = issue(sitting, 1)
    person = cert.person
    person.user = f.user("cand_phone")
    person.save(update_fields=["user"])
    base = live_server.url

    page = _phone(browser)
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "cand_phone")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "下载证书PDF" in page.content()
    assert page.evaluate(FITS), f"candidate home: {_overflow(page)}"

    page = _phone(browser)  # the public verification result, without a session
    page.goto(f"{base}/verify/")
    page.fill("#id_number", cert.number)
    page.fill("#id_name", cert.holder_name)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert cert.number in page.content() and Certificate.objects.filter(number=cert.number)
    assert page.evaluate(FITS), f"verify result: {_overflow(page)}"

    exam_sitting = f.sitting(institution, level=4)
    f.registrations_with_results(exam_sitting, 1)
    (seat,) = seat_all(institution, exam_sitting)
    exam = make_exam(exam_sitting, starts_in_minutes=-1, duration=60)
    page = _phone(browser)
    page.goto(f"{base}/exam/{exam.pk}/")
    assert page.evaluate(FITS), f"exam sign-in: {_overflow(page)}"
    page.fill("#ticket", seat.ticket_number)
    page.fill("#id_number", seat.registration.person.id_number)
    page.click("button[type=submit]")
    page.wait_for_selector("#item-1000")
    assert page.evaluate(FITS), f"exam page: {_overflow(page)}"


def test_dismissed_confirmation_sends_nothing_item29(live_server, browser, institution):
    """Issue 16 item 29: voiding a certificate asks first; 'cancel' leaves it valid."""
    sitting = f.sitting(institution, level=4)
    (cert,) = issue(sitting, 1)
    staff = f.member(institution, username="kaowu_confirm")
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15000)
    seen = []
    page.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/i/{institution.pk}/certificates/")
    page.click("details summary:has-text('作废')")
    page.fill(f"#reason-{cert.number}", "测试作废")
    page.click(f"form[data-confirm*='{cert.number}'] button[type=submit]")
    page.wait_for_timeout(500)
    assert seen and cert.number in seen[0] and "不能撤销" in seen[0]
    cert.refresh_from_db()
    assert cert.status == Certificate.VALID
