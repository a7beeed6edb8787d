"""A staff member walks one sitting in Debian's Chromium driven by Playwright: writes and
publishes the announcement (PLAN-02), opens it publicly, adds a venue and rooms (ARR-01),
arranges the seats and downloads the tickets (ARR-02), then generates the staffing plan and
sees every required role filled (ARR-03, ARR-04, ARR-05)."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from skillcert.arrangement.models import Seat
from tests import factories as f
from tests.arrangement.test_staffing_service import registers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CANDIDATES = 40  # two rooms of 30: 2 proctors each (ARR-03)


def test_walk_a_sitting_announcement_seats_tickets_staffing(live_server, browser_page, enrol):
    institution = f.filed_institution()  # filed 2025-01-01: valid 3 years (INST-04)
    first_day = timezone.localdate() + timedelta(days=90)  # PLAN-02: >= 61 days ahead
    sitting = f.sitting(institution, name="走查批次", theory_on=first_day)
    enrol(sitting, CANDIDATES)
    registers(institution)
    user = f.member(institution, username="kaowu_walk")
    page, base = browser_page, f"{live_server.url}/i/{institution.pk}"

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-Secret-123")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    # 1. The announcement: write, save, publish, open the public page (PLAN-02).
    page.goto(f"{base}/sittings/{sitting.pk}/announcement/")
    fields = {
        "title": "走查批次认定公告",
        "content": "车工四级",
        "method": "理论考试与技能考核",
        "registration_place": "教务处",
        "registration_period": "报名期间",
        "registration_how": "现场报名",
        "conditions": "在校学生",
        "fees": "按规定收费",
        "subjects": "理论、技能",
        "times_places": f"{first_day} 主校区",
    }
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    page.click("text=保存公告")
    page.wait_for_selector("text=公告已保存")
    page.click("text=发布公告")
    page.wait_for_selector("text=公告已发布")
    page.click("text=查看公开页面")
    page.wait_for_selector("h1")
    assert page.inner_text("h1").strip() == "走查批次认定公告"

    # 2. A venue and two theory rooms of 5 × 6 desks, 90 cm apart (ARR-01).
    page.goto(f"{base}/venues/")
    page.fill("#id_name", "主校区考点")
    page.click("button:text-is('添加')")
    page.wait_for_selector("text=已添加考点")
    for number in (1, 2):
        page.click("a:text-is('添加考场')")
        page.fill("#id_number", str(number))
        page.fill("#id_name", f"教学楼{number}0{number}")
        page.select_option("#id_kind", "theory")
        page.fill("#id_rows", "5")
        page.fill("#id_columns", "6")
        page.fill("#id_desk_spacing_cm", "90")
        page.click("button:text-is('保存')")
        page.wait_for_selector(f"text=教学楼{number}0{number}")

    # 3. Seats and tickets (ARR-02).
    page.goto(f"{base}/sittings/{sitting.pk}/seating/")
    for box in page.query_selector_all("input[name=rooms]"):
        box.check()
    page.click("button:text-is('编排座位')")
    page.wait_for_selector("#count-seated")
    assert page.inner_text("#count-seated").strip() == str(CANDIDATES)
    f.plan_approved(sitting)  # INST-13: tickets once the authority approved the plan
    with page.expect_download() as dl:
        page.click("text=准考证 PDF")
    pdf = PdfReader(io.BytesIO(dl.value.path().read_bytes()))
    text = "".join(p.extract_text() or "" for p in pdf.pages)
    ticket = Seat.objects.filter(registration__sitting=sitting).order_by("ticket_number").first()
    assert ticket.ticket_number in text

    # 4. Staffing: every required role filled (ARR-03..05).
    page.goto(f"{base}/sittings/{sitting.pk}/staffing/")
    page.click("button:text-is('生成人员安排')")
    page.wait_for_selector("text=已生成人员安排")
    expected = {
        "site_leader": 1,
        "internal_supervisor": 3,
        "exam_affairs": 2,
        "proctor": 4,
        "examiner": 3,
    }
    for role, count in expected.items():
        assert f"（{count}人）" in page.inner_text(f"#role-{role}")
        assert len(page.query_selector_all(f"table[data-role={role}] tr[data-assignment]")) == count
    assert len(page.query_selector_all("table[data-role=examiner] .leader")) == 1
