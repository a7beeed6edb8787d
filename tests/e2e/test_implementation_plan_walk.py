"""INST-13 in Debian's Chromium driven by Playwright: the institution sends the sitting's
implementation plan, tickets are refused, the authority of its region approves the plan from
its queue, and the tickets print afterwards (the PDF downloaded and read back)."""

import io

import pytest
from pypdf import PdfReader

from skillcert.arrangement.implementation.models import ImplementationPlan
from skillcert.arrangement.models import Seat
from skillcert.arrangement.services import seating_arrange
from tests import factories as f
from tests.arrangement.helpers import theory_rooms, venue
from tests.e2e.helpers import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_implementation_plan_sent_tickets_refused_approved_tickets_print(
    live_server, browser, enrol
):
    institution = f.filed_institution()
    sitting = f.sitting_ahead(institution, name="方案走查批次")  # 5 weeks ahead: in time
    enrol(sitting, 6)
    seating_arrange(actor=None, sitting=sitting, rooms=theory_rooms(venue(institution), 1), seed=5)
    kaowu = f.member(institution, username="kaowu_plan")
    boss = f.authority_user("410000", username="authority_plan")
    base = f"{live_server.url}/i/{institution.pk}/sittings/{sitting.pk}"

    # 1. The institution sends the plan generated from its seating (INST-13).
    page = login(browser, live_server.url, kaowu.username)
    page.goto(f"{base}/implementation/")
    assert "尚未报送" in page.inner_text("#plan-gate")
    page.click("#plan-submit")  # data-confirm: the dialog is accepted
    page.wait_for_selector("text=已报送实施方案第1版")
    assert page.inner_text("#plan-state").strip() == "待审批"

    # 2. Tickets are refused before the approval, with the rule.
    page.goto(f"{base}/seating/")
    page.click("text=准考证 PDF")
    page.wait_for_selector("text=INST-13")
    assert "/implementation/" in page.url

    # 3. The authority approves it from its queue.
    other = login(browser, live_server.url, boss.username)
    other.goto(f"{live_server.url}/authority/sittings/")
    other.click("a:text-is('方案走查批次')")
    other.wait_for_selector("#plan-decision")
    other.select_option("#id_decision", "approve")
    other.fill("#id_reasons", "同意按方案组织实施")
    other.click("#plan-decide")
    other.wait_for_selector("text=已批准实施方案")
    assert other.inner_text("#plan-state").strip() == "已批准"
    assert ImplementationPlan.objects.get().state == ImplementationPlan.APPROVED

    # 4. The tickets print now.
    page.goto(f"{base}/implementation/")
    assert "已批准" in page.inner_text("#plan-gate")
    page.goto(f"{base}/seating/")
    with page.expect_download() as dl:
        page.click("text=准考证 PDF")
    pdf = PdfReader(io.BytesIO(dl.value.path().read_bytes()))
    text = "".join(p.extract_text() or "" for p in pdf.pages)
    first = Seat.objects.filter(registration__sitting=sitting).order_by("ticket_number").first()
    assert first.ticket_number in text
