"""Records part B in Debian's Chromium (issue 12 Proof): an incident reported 30 minutes after
it was found is shown overdue (REC-05), and a complaint received on 30 September 2026 runs to
its decision with working-day deadlines across the National Day holiday (REC-04): the
decision whether to investigate is due 10 October (a make-up working day), the decision 15
October, extended by two working days to 19 October, decided on time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from skillcert.records.models import Complaint
from tests import factories as f
from tests.e2e.helpers import login
from tests.records.helpers import room

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_incident_late_overdue_and_complaint_across_holiday(live_server, browser, sitting):
    institution = sitting.institution
    staff = f.member(institution, username="kaowu_rec")
    r = room(institution, 7)
    base, iid = live_server.url, institution.pk
    page = login(browser, base, staff.username)

    # REC-05: found 30 minutes ago, reported now: kept, and shown overdue.
    found = timezone.localtime(timezone.now() - timedelta(minutes=30))
    page.goto(f"{base}/i/{iid}/sittings/{sitting.pk}/")
    page.click("#records-links >> text=突发事件")
    page.click("text=报告突发事件")
    page.select_option("#id_category", "g_power")
    page.select_option("#id_exam_form", "paper")
    page.select_option("#id_room", str(r.pk))
    page.fill("#id_occurred_at", found.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_description", "第7考场突然停电，启用应急照明")
    page.click("button:has-text('提交初次报告')")
    page.wait_for_url(f"{base}/i/{iid}/incidents/*/")
    assert "逾期" in page.inner_text("#first-report")
    page.fill("#id_text", "09:50恢复供电，补足耽误时间")
    page.click("button:has-text('添加阶段性报告')")
    page.goto(f"{base}/i/{iid}/sittings/{sitting.pk}/incidents/")
    assert "逾期：发现后" in page.inner_text("#incidents")

    # REC-04: register, decide to investigate, extend, decide, archive; working days.
    page.goto(f"{base}/i/{iid}/complaints/new/")
    page.fill("#id_name", "王明")
    page.fill("#id_unit", "某职业学院")
    page.fill("#id_contact", "13800000000")
    page.fill("#id_received_on", "2026-09-30")
    page.fill("#id_content", "监考员在理论考试中提示他人答案")
    page.click("button:has-text('登记')")
    page.wait_for_url(f"{base}/i/{iid}/complaints/*/")
    deadlines = page.inner_text("#deadlines")
    assert "2026-10-10" in deadlines and "2026-10-15" in deadlines

    page.select_option("#id_investigate", "yes")
    page.fill("#id_reason", "经初步了解情况属实，需调取监控")
    page.fill("#id_on", "2026-10-09")
    page.click("#accept-form button[type=submit]")
    page.wait_for_load_state()
    assert "调查中" in page.inner_text("#complaint-status")

    page.fill("#ext_workdays", "2")
    page.fill("#ext_reason", "需调取监控录像并约谈相关人员")
    page.fill("#ext_on", "2026-10-14")
    page.click("#extend-form button[type=submit]")
    page.wait_for_load_state()
    assert "2026-10-19" in page.inner_text("#deadlines")

    page.fill("#dec_decision", "投诉属实，对该监考员暂停聘用并通报")
    page.fill("#dec_on", "2026-10-16")
    page.click("#decide-form button[type=submit]")
    page.wait_for_load_state()
    assert page.inner_text("#deadlines").count("按期完成") == 2

    page.click("#notices >> text=处理决定通知")
    assert "暂停聘用" in page.inner_text("#notice")
    page.go_back()
    page.click("#archive-form button[type=submit]")  # data-confirm accepted
    page.wait_for_load_state()
    assert "已归档" in page.inner_text("#complaint-status")
    complaint = Complaint.objects.get()
    assert complaint.notices.count() == 3 and complaint.status == Complaint.ARCHIVED
