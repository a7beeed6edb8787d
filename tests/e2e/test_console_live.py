"""The proctor console's attendance updates by itself while the exam runs (htmx every 10 s):
a candidate signs in and the proctor's page shows it without a reload (EXAM-05 attendance)."""

import pytest

from tests.e2e.helpers import login
from tests.exams.helpers import make_exam, seat_all, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_console_attendance_updates_without_a_reload_EXAM_05(
    live_server, browser, institution, sitting, enrol, staff
):
    enrol(sitting, 3)
    seats = seat_all(institution, sitting)
    exam = make_exam(sitting)
    for seat in seats[:2]:
        sign_in(exam, seat)
    page = login(browser, live_server.url, staff.username)
    page.goto(f"{live_server.url}/i/{institution.pk}/exams/{exam.pk}/")
    totals = page.locator("#totals")
    assert "已登录 2 · 未登录/缺考 1" in totals.inner_text()
    sign_in(exam, seats[2])  # the late candidate arrives while the proctor watches
    page.wait_for_function(
        "() => document.getElementById('totals').textContent.includes('已登录 3 · 未登录/缺考 0')",
        timeout=25000,
    )
    page.context.close()
