"""PLAN-03: a sitting's deadlines in working days of the official calendar, across National
Day 2024 (make-up Sun 29 Sep, Sat 12 Oct) and Spring Festival 2025 (make-up Sun 26 Jan,
Sat 8 Feb)."""

from datetime import date

from django.template.loader import render_to_string

from skillcert.plans.deadlines import MISSED, NEAR, OK, deadlines_context, sitting_deadlines
from skillcert.plans.models import Sitting


def on(institution, theory_on=None, practical_on=None) -> Sitting:
    # Unsaved is enough: sitting_deadlines reads only the dates.
    return Sitting(institution=institution, theory_on=theory_on, practical_on=practical_on)


def by_key(deadlines):
    return {d.key: d for d in deadlines}


def test_plan03_national_day_2024_counts_holidays_and_make_up_weekends(institution):
    # First date Mon 14 Oct 2024. Backwards: Sat 12 Oct (make-up) 1, 11-8 Oct 2-5,
    # 1-7 Oct holiday, 30 Sep 6, Sun 29 Sep (make-up) 7, 27-25 Sep 8-10, 24, 23, 20-18 Sep
    # 11-15 (15-17 Sep is Mid-Autumn, Sat 14 Sep a make-up day, not reached).
    sitting = on(institution, practical_on=date(2024, 10, 15), theory_on=date(2024, 10, 14))
    d = by_key(sitting_deadlines(sitting, date(2024, 9, 24)))
    assert d["plan_report"].due == date(2024, 9, 25)  # 10 working days (naive: 30 Sep)
    assert d["task_notice"].due == date(2024, 9, 29)  # 7: a Sunday, a make-up working day
    assert d["application"].due == date(2024, 9, 18)  # 15
    assert {k: (v.state, v.days_left) for k, v in d.items()} == {
        "application": (MISSED, 0),
        "plan_report": (NEAR, 1),  # within deadline_warning_workdays (3)
        "task_notice": (OK, 4),  # 25, 26, 27, 29 Sep: Sat 28 Sep is a rest day
    }
    assert all(x.rule == "PLAN-03" for x in d.values())
    assert [x.key for x in sitting_deadlines(sitting, date(2024, 9, 24))] == [
        "application",
        "plan_report",
        "task_notice",
    ]


def test_plan03_spring_festival_2025(institution):
    # First date Mon 10 Feb 2025. Backwards: Sat 8 Feb (make-up) 1, 7-5 Feb 2-4,
    # 28 Jan-4 Feb holiday, 27 Jan 5, Sun 26 Jan (make-up) 6, 24-20 Jan 7-11, 17-14 Jan 12-15.
    sitting = on(institution, theory_on=date(2025, 2, 10))
    d = by_key(sitting_deadlines(sitting, date(2025, 1, 20)))
    assert (d["task_notice"].due, d["plan_report"].due, d["application"].due) == (
        date(2025, 1, 24),
        date(2025, 1, 21),
        date(2025, 1, 14),
    )
    assert (d["task_notice"].state, d["plan_report"].state, d["application"].state) == (
        OK,
        NEAR,
        MISSED,
    )
    # On the make-up Sunday the task notice (due Fri 24 Jan) is missed.
    assert by_key(sitting_deadlines(sitting, date(2025, 1, 26)))["task_notice"].state == MISSED
    # Due today is near, not missed.
    today = by_key(sitting_deadlines(sitting, date(2025, 1, 24)))["task_notice"]
    assert (today.state, today.days_left) == (NEAR, 0)


def test_plan03_near_means_within_the_warning_setting(institution, settings):
    sitting = on(institution, theory_on=date(2025, 2, 10))
    # task notice due Fri 24 Jan; from Mon 20 Jan that is 4 working days: ok at 3, near at 4
    assert by_key(sitting_deadlines(sitting, date(2025, 1, 20)))["task_notice"].state == OK
    settings.SKILLCERT_RULES = {"deadline_warning_workdays": 4}
    assert by_key(sitting_deadlines(sitting, date(2025, 1, 20)))["task_notice"].state == NEAR


def test_plan03_working_day_counts_are_settings(institution, settings):
    settings.SKILLCERT_RULES = {"plan_report_workdays": 5}
    sitting = on(institution, theory_on=date(2025, 2, 10))
    d = by_key(sitting_deadlines(sitting, date(2025, 1, 2)))
    assert (d["plan_report"].due, d["plan_report"].workdays) == (date(2025, 1, 27), 5)


def test_plan03_no_date_no_deadlines_and_unknown_calendar_year_is_reported(institution):
    assert sitting_deadlines(on(institution), date(2025, 1, 1)) == []
    ctx = deadlines_context(on(institution, theory_on=date(2199, 6, 1)), date(2199, 1, 1))
    assert ctx["deadlines"] == [] and "2199" in ctx["deadlines_error"]


def test_plan03_fragment_shows_visible_warnings(institution):
    sitting = on(institution, theory_on=date(2024, 10, 14))
    html = render_to_string(
        "plans/_deadlines.html", {"deadlines": sitting_deadlines(sitting, date(2024, 9, 24))}
    )
    assert 'class="msg error deadline-missed" role="alert"' in html
    assert "已逾期：报名截止" in html
    assert "即将到期：实施方案报送人社部门" in html and "仅剩1个工作日" in html
    assert "2024-09-29" in html and "PLAN-03" in html
    ok_only = render_to_string(
        "plans/_deadlines.html", {"deadlines": sitting_deadlines(sitting, date(2024, 8, 1))}
    )
    assert 'role="alert"' not in ok_only and "正常" in ok_only


def test_plan03_changes_page_includes_the_deadlines(client, institution, staff, sitting):
    client.force_login(staff)
    html = client.get(f"/i/{institution.pk}/sittings/{sitting.pk}/changes/").content.decode()
    assert 'id="deadlines"' in html and "已逾期" in html  # the sitting was in June 2025
