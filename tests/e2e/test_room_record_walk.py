"""REC-10 in Debian's Chromium driven by Playwright: a proctor fills the room record
(考场情况记录表) with an absence and a violation; the violation appears in the violations
app referring to the room record."""

import pytest
from django.utils import timezone

from skillcert.violations.models import Violation
from tests.e2e.helpers import login
from tests.records.helpers import seated

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_rec_10_proctor_fills_room_record_with_absence_and_violation(
    live_server, browser_page, institution, sitting, enrol
):
    seats, proctor = seated(institution, sitting, enrol, 2)
    iid, base = institution.pk, live_server.url
    browser_page.context.close()
    page = login(browser_page.context.browser, base, proctor.username)

    page.goto(f"{base}/i/{iid}/sittings/{sitting.pk}/records/")
    page.click("#start-form button[type=submit]")
    page.wait_for_url(f"{base}/i/{iid}/sittings/{sitting.pk}/records/room-records/*/")
    record_url = page.url
    page.click("#seat-1 button[value=present]")
    page.wait_for_load_state()
    page.click("#seat-2 button[value=absent]")
    page.wait_for_load_state()
    assert "缺考" in page.inner_text("#seat-2 .status")
    assert "已签到" in page.inner_text("#seat-1 .status")

    page.select_option("#id_category", "v01_other")
    page.select_option("#id_subject", "theory")
    page.fill("#id_occurred_at", f"{timezone.localtime():%Y-%m-%dT%H:%M}")
    page.fill("#id_notes", "考生偷看他人答卷，监考员当场制止")
    page.check("#id_candidate_signed")
    page.click("#violation-form button[type=submit]")
    page.wait_for_load_state()
    assert seats[0].registration.person.name in page.inner_text("#room-violations")

    violation = Violation.objects.get()
    assert violation.registration_id == seats[0].registration_id
    page.goto(f"{base}/i/{iid}/sittings/{sitting.pk}/violations/")
    assert seats[0].registration.person.name in page.content()
    page.goto(f"{base}/i/{iid}/violations/{violation.pk}/")
    link = page.locator("#room-record a").first
    assert "考场情况记录表" in link.inner_text() and "考生已签字确认" in link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert page.url == record_url
