"""Three examiners score a practical module in Debian's Chromium, each in their own browser
session: they see work numbers, not names (EXAM-09), enter points and sign with their
passwords; the score counts once all three signed (SCORE-03). A change by one member shows
as 待全体签名，未生效 and the valid score stays the old one until all three signed again.
Then the checker confirms the tally, the leader signs the summary, the practical score
reaches the result and the names are shown."""

import pytest

from skillcert.scoring.models import Result
from tests.e2e.helpers import login
from tests.panels import helpers as h

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_panel_scores_a_module_and_a_change_counts_only_after_all_sign(
    live_server, browser, sitting, enrol
):
    institution = sitting.institution
    setup = h.build(sitting, enrol, prefix="kp", modules=h.ONE_MODULE)
    panel, (module,) = setup.panel, setup.modules
    a, b = setup.regs
    size, surface = module.items.all()
    wa, wb = setup.work(a), setup.work(b)
    base = f"{live_server.url}/i/{institution.pk}/panels/{panel.pk}"
    grid, status = f"{base}/modules/{module.pk}/", f"{base}/"
    pages = [login(browser, live_server.url, u.username) for u in setup.users]

    def enter(page, work, points, reason=""):
        page.goto(grid)
        page.fill(f"input[name='p_{work}_{size.pk}']", points[0])
        page.fill(f"input[name='p_{work}_{surface.pk}']", points[1])
        if reason:
            page.fill("#id_reason", reason)
        page.click("button:text-is('保存评分')")
        page.wait_for_selector("text=名考生的评分")

    def sign(page, expect="已签名确认"):
        page.goto(grid)
        page.fill("#id_password", h.PASSWORD)
        page.click("button:text-is('签名确认')")
        page.wait_for_selector(f"text={expect}")

    def valid_cell(page, work):
        page.goto(status)
        return page.inner_text(f"#row-{work}")

    # 1. Each examiner scores both candidates by work number; no names on the grid (EXAM-09).
    for page in pages:
        page.goto(grid)
        html = page.content()
        assert wa in html and wb in html and a.person.name not in html
        enter(page, wa, ("50", "38"))
        enter(page, wb, ("40", "30"))

    # 2. Two signatures are not enough (SCORE-03); a wrong password signs nothing.
    pages[0].goto(grid)
    pages[0].fill("#id_password", "wrong-password")
    pages[0].click("button:text-is('签名确认')")
    pages[0].wait_for_selector("text=密码不正确")
    sign(pages[0])
    sign(pages[1])
    row = valid_cell(pages[2], wa)
    assert "待全体签名，未生效" in row and "有效" not in row
    sign(pages[2])
    row = valid_cell(pages[2], wa)
    assert "有效：88.00" in row and "待全体签名" not in row and "88.0" in row

    # 3. Examiner 甲 changes candidate A: pending, the old score stays valid until all re-sign.
    enter(pages[0], wa, ("44", "38"), reason="复查尺寸超差")
    row = valid_cell(pages[1], wa)
    assert "待全体签名，未生效" in row and "有效：88.00" in row and "拟：86.00" in row
    sign(pages[1])
    sign(pages[2])
    row = valid_cell(pages[1], wa)
    assert "待全体签名，未生效" in row and "有效：88.00" in row  # 甲 has not signed yet
    sign(pages[0])
    row = valid_cell(pages[1], wa)
    assert "有效：86.00" in row and "待全体签名" not in row
    assert not Result.objects.filter(registration=a, practical_score__isnull=False).exists()

    # 4. The checker confirms the tally; the leader signs the summary; the result is written.
    checker_page = login(browser, live_server.url, setup.checker.user.username)
    checker_page.goto(f"{base}/tally/")
    checker_page.fill("#id_password", h.PASSWORD)
    checker_page.click("button:text-is('核对无误，签名')")
    checker_page.wait_for_selector("text=已核对成绩")
    pages[0].goto(f"{base}/summary/")
    pages[0].fill("#id_password", h.PASSWORD)
    pages[0].click("button:text-is('签署汇总表')")
    pages[0].wait_for_selector("text=已签署成绩汇总表")
    assert Result.objects.get(registration=a).practical_score == 86
    assert Result.objects.get(registration=b).practical_score == 70
    pages[1].goto(grid)
    assert a.person.name in pages[1].content()  # locked: names shown to the panel (EXAM-09)
