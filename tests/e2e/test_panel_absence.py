"""Absence (缺考, SCORE-01) in a practical panel, in Debian's Chromium, each person in their own
browser session: the panel leader records a work number as absent on the 缺考登记 page; a
member's scoring grid then shows that work number as 缺考 with nothing to type; the panel
scores and signs the other candidate only, the checker confirms the tally (缺考 there too),
the leader signs the summary and the absent candidate's result is practical_absent."""

from decimal import Decimal

import pytest

from skillcert.panels.models import Absence
from skillcert.scoring.models import Result
from tests.e2e.helpers import login
from tests.panels import helpers as h

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_leader_records_absence_grid_shows_it_and_the_result_is_absent_SCORE_01(
    live_server, browser, sitting, enrol
):
    institution = sitting.institution
    setup = h.build(sitting, enrol, prefix="qk", modules=h.ONE_MODULE)
    panel, (module,) = setup.panel, setup.modules
    present, absent = setup.regs
    size, surface = module.items.all()
    wp, wa = setup.work(present), setup.work(absent)
    base = f"{live_server.url}/i/{institution.pk}/panels/{panel.pk}"
    grid = f"{base}/modules/{module.pk}/"
    leader, member, third = (login(browser, live_server.url, u.username) for u in setup.users)

    def inputs(page, work):
        return page.locator(f"#work-{work} input").count()

    # Before any absence both work numbers ask for points.
    member.goto(grid)
    assert inputs(member, wa) == 2 and inputs(member, wp) == 2

    # 1. The leader records the work number absent on the 缺考登记 page.
    leader.goto(f"{base}/absences/")
    leader.fill("#id_work_number", wa)
    leader.select_option("#id_basis", Absence.NO_SHOW)
    leader.fill("#id_note", "开考后未到场")
    leader.click("#absence-form button[type=submit]")
    leader.wait_for_selector(f"text=已登记作品号{wa}缺考")
    row = leader.inner_text(f"#absent-{wa}")
    assert dict(Absence.BASES)[Absence.NO_SHOW] in row and "开考后未到场" in row
    assert absent.person.name not in leader.content()  # still work numbers only (EXAM-09)

    # 2. A member's grid: the absent work number shows 缺考 and has no inputs.
    member.goto(grid)
    assert "缺考" in member.inner_text(f"#work-{wa}") and inputs(member, wa) == 0
    assert "缺考" not in member.inner_text(f"#work-{wp}") and inputs(member, wp) == 2

    # 3. The three score and sign the present candidate only; the absence blocks nothing.
    for page, points in ((leader, ("50", "38")), (member, ("50", "38")), (third, ("52", "36"))):
        page.goto(grid)
        page.fill(f"input[name='p_{wp}_{size.pk}']", points[0])
        page.fill(f"input[name='p_{wp}_{surface.pk}']", points[1])
        page.click("button:text-is('保存评分')")
        page.wait_for_selector("text=名考生的评分")
    for page in (leader, member, third):
        page.goto(grid)
        page.fill("#id_password", h.PASSWORD)
        page.click("button:text-is('签名确认')")
        page.wait_for_selector("text=已签名确认")

    # 4. The checker confirms the tally, where the absent work number reads 缺考.
    checker_page = login(browser, live_server.url, setup.checker.user.username)
    checker_page.goto(f"{base}/tally/")

    def practical(work):
        row = checker_page.locator("#totals tbody tr", has_text=work)
        return row.locator("td.practical").inner_text().strip()

    tallied = practical(wp)
    assert practical(wa) == "缺考" and tallied not in ("缺考", "—")
    checker_page.fill("#id_password", h.PASSWORD)
    checker_page.click("button:text-is('核对无误，签名')")
    checker_page.wait_for_selector("text=已核对成绩")

    # 5. The leader signs the summary: the absence reaches the result as 缺考, not a score.
    leader.goto(f"{base}/summary/")
    leader.fill("#id_password", h.PASSWORD)
    leader.click("button:text-is('签署汇总表')")
    leader.wait_for_selector("text=已签署成绩汇总表")
    gone = Result.objects.get(registration=absent)
    assert gone.practical_absent is True and gone.passed is not True
    came = Result.objects.get(registration=present)
    assert came.practical_absent is False and came.practical_score == Decimal(tallied)
    assert not setup.panel.versions.filter(registration=absent).exists()
