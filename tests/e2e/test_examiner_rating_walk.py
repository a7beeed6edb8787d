"""PEOPLE-11 → PEOPLE-06 in Debian's Chromium: exam-affairs staff open a held sitting's
staffing page, fill the 考评人员认定 form for the two examiners who served (a bad score first:
the field's message, nothing kept), save it, and the annual evaluation on the examiner's
page, its score left blank, takes the year's rating."""

from datetime import date
from decimal import Decimal

import pytest

from skillcert.arrangement.models import ExaminerRating
from skillcert.people.models import ExaminerEvaluation
from tests import factories as f
from tests.arrangement.helpers import dated_sitting, serve
from tests.arrangement.test_staffing_service import add_examiner
from tests.e2e.helpers import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_rate_the_sitting_and_the_year_takes_the_mean_PEOPLE_11(live_server, browser):
    institution = f.filed_institution()
    staff = f.member(institution)
    sitting = dated_sitting(institution, date(2025, 6, 1))
    a, b = add_examiner(institution, "考评甲"), add_examiner(institution, "考评乙")
    serve(sitting, a, b, leader=a)
    page = login(browser, live_server.url, staff.username)
    page.goto(f"{live_server.url}/i/{institution.pk}/sittings/{sitting.pk}/staffing/")
    page.fill(f"#id_score_{a.pk}", "88")
    page.fill(f"#id_score_{b.pk}", "105")
    page.click("#ratings-form button[type=submit]")
    page.wait_for_selector("text=认定分数应为0到100之间的数，最多一位小数")
    assert "考评乙" in page.inner_text("#ratings-form") and not ExaminerRating.objects.exists()
    page.fill(f"#id_score_{b.pk}", "75.5")
    page.fill(f"#id_remark_{b.pk}", "评分准确")
    page.click("#ratings-form button[type=submit]")
    page.wait_for_selector("text=已保存考评人员认定表（2人）")
    scores = dict(ExaminerRating.objects.values_list("examiner_id", "score"))
    assert scores == {a.pk: Decimal("88.0"), b.pk: Decimal("75.5")}
    # 考评甲 served one sitting of 2025, rated 88.0: the year's score, 良好, 1 assignment.
    page.goto(f"{live_server.url}/i/{institution.pk}/people/examiners/{a.pk}/")
    page.fill("#id_year", "2025")
    page.click("#evaluation-form button[type=submit]")
    page.wait_for_selector("text=已登记2025年度考核")
    v = ExaminerEvaluation.objects.get(examiner=a)
    assert (v.score, v.grade, v.assignments) == (Decimal("88.0"), "good", 1)
