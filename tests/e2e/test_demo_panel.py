"""Issue 16 item 30 (SCORE-03, EXAM-09) in Debian's Chromium: right after the demo is seeded,
the demo `examiner` logs in with the demo password, goes 我的考评组 → 进入 → 评分, scores a
work number the two other demo examiners scored and signs with that password; kaowu, a
manager, then sees the panel's status."""

from decimal import Decimal

import pytest

from skillcert.demo.data import PASSWORD, seed
from skillcert.demo.panel import SITTING
from skillcert.panels import services as ps
from skillcert.panels.models import Panel, ScoreVersion, WorkNumber
from tests.e2e.helpers import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_demo_examiner_scores_and_signs_in_the_demo_panel_item_30(live_server, browser):
    seed()
    panel = Panel.objects.get(sitting__name=SITTING)
    module = panel.modules.order_by("order").first()
    work = WorkNumber.objects.filter(sitting=panel.sitting).order_by("number").first()
    # The two other demo examiners have scored it (a signature needs every member's points).
    for username in ("examiner2", "examiner3"):
        member = panel.members.get(person__user__username=username).person.user
        entries = [ps.ScoreEntry(work.number, i.pk, Decimal("9")) for i in module.items.all()]
        ps.scores_enter(actor=member, panel=panel, module=module, entries=entries)
    page = login(browser, live_server.url, "examiner", PASSWORD)
    page.click("a:text-is('我的考评组')")
    page.click(f"tr:has-text('{SITTING}') a:text-is('进入')")
    page.click(f"a:text-is('评分：{module.name}')")
    html = page.content()
    assert work.number in html and work.registration.person.name not in html  # EXAM-09
    for item in module.items.all():
        page.fill(f"input[name='p_{work.number}_{item.pk}']", "10")
    page.click("button:text-is('保存评分')")
    page.wait_for_selector("text=名考生的评分")
    page.fill("#id_password", PASSWORD)
    page.click("button:text-is('签名确认')")
    page.wait_for_selector("text=已签名确认")
    version = ScoreVersion.objects.get(panel=panel, registration=work.registration, module=module)
    assert version.signatures.filter(member__user__username="examiner").exists()
    manager = login(browser, live_server.url, "kaowu", PASSWORD)
    manager.goto(f"{live_server.url}/i/{panel.institution_id}/panels/{panel.pk}/")
    assert work.number in manager.inner_text(f"#row-{work.number}")
