"""Issue 16 item 20: the candidate's exam page reads as a paper does (EXAM-05).

Points as people write them (10分, 2.5分 — not "1E+1分", which `Decimal.normalize()` gave for
blueprint sections), navigator numbers readable, 交卷 visibly disabled until it may be used,
and no site navigation leading away from the paper while the exam runs."""

import pytest

from tests.exams.helpers import make_exam, questions, seat_all

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STYLE = "(sel) => { const s = getComputedStyle(document.querySelector(sel));"


def _paper():
    paper = questions(4)
    paper[0]["points"] = "1E+1"  # as blueprint sections stored 10 before the fix
    paper[1]["points"] = "2.50"
    return paper


def test_exam_page_formats_points_and_shows_state_item_20_EXAM_05(
    live_server, browser_page, institution, sitting, enrol
):
    enrol(sitting, 1)
    seat = seat_all(institution, sitting)[0]
    exam = make_exam(sitting, paper=_paper(), duration=60)
    page = browser_page
    page.goto(f"{live_server.url}/exam/{exam.pk}/")
    page.fill("#ticket", seat.ticket_number)
    page.fill("#id_number", seat.registration.person.id_number)
    page.click("button[type=submit]")
    page.wait_for_selector("#item-1000")

    items = page.locator("#items").inner_text()
    assert "10分" in items and "2.5分" in items
    assert "E+" not in items and "2.50分" not in items

    # The site's links are not on the exam page.
    assert page.locator("header.top nav").count() == 0

    # Navigator numbers: text colour differs from their background.
    colours = page.evaluate(STYLE + " return [s.color, s.backgroundColor]; }", "#navigator .nav")
    assert colours[0] != colours[1], colours

    # 交卷 is disabled before the end and looks different from an enabled button.
    assert page.locator("#submit").is_disabled()
    look = STYLE + " return [s.backgroundColor, s.color, s.cursor].join(); }"
    assert page.evaluate(look, "#submit") != page.evaluate(look, "#view-one")
    assert page.evaluate(STYLE + " return s.cursor; }", "#submit") == "not-allowed"
