"""The exam's timeline (EXAM-06): papers collected 30 min before, admission 20 min before
(EXAM-05), the seal checked 5 min before, a warning 15 min before the end, count-and-seal
at the end; the page is told when to warn; the proctor console lists the steps."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from skillcert.exams import timing

from .helpers import make_exam, seat_all, sign_in

pytestmark = pytest.mark.django_db


def _minutes_from_start(exam, steps):
    return [((s.at - exam.starts_at).total_seconds() / 60, s.rule) for s in steps]


def test_timeline_steps_and_their_times_EXAM_06(institution, sitting, enrol):
    exam = make_exam(sitting, starts_in_minutes=10, duration=90)
    steps = timing.timeline(exam, timezone.now())
    assert _minutes_from_start(exam, steps) == [
        (-30, "EXAM-06"),  # papers collected
        (-20, "EXAM-05"),  # admission
        (-5, "EXAM-06"),  # seal checked by 2 candidates
        (0, "EXAM-05"),  # start
        (30, "EXAM-05"),  # entry closes
        (75, "EXAM-06"),  # warning 15 min before the end
        (90, "EXAM-06"),  # end: collect, count and seal
    ]
    assert "2名考生查验试卷袋密封" in steps[2].what and "15分钟" in steps[5].what
    # 10 minutes before the start: the first two steps are past, the rest to come.
    assert [s.done for s in steps] == [True, True, False, False, False, False, False]


def test_timeline_follows_the_rule_settings_EXAM_06(institution, sitting):
    exam = make_exam(sitting, starts_in_minutes=60, duration=120)
    with override_settings(SKILLCERT_RULES={"exam_end_warning_minutes": 10}):
        steps = timing.timeline(exam, exam.starts_at)
    warning = next(s for s in steps if "距考试结束" in s.what)
    assert warning.at == exam.starts_at + timedelta(minutes=110) and "10分钟" in warning.what


def test_the_page_is_told_when_to_warn_EXAM_06(client, institution, sitting, enrol):
    enrol(sitting, 1)
    exam = make_exam(sitting)
    signed = sign_in(exam, seat_all(institution, sitting)[0])
    r = client.get("/exam/api/time", headers={"X-Exam-Token": signed.token})
    assert r.status_code == 200 and r.json()["end_warning_seconds"] == 15 * 60


def test_the_console_lists_the_timeline_EXAM_06(client, institution, sitting, staff):
    exam = make_exam(sitting, starts_in_minutes=-1, duration=60)
    client.force_login(staff)
    page = client.get(f"/i/{institution.pk}/exams/{exam.pk}/").content.decode()
    assert "考场时间安排（EXAM-06）" in page
    warn_at = timezone.localtime(exam.starts_at + timedelta(minutes=45)).strftime("%H:%M")
    assert f"<td>{warn_at}</td><td>提醒考生：距考试结束还有15分钟</td>" in page


def test_a_step_is_done_from_its_own_minute_on_EXAM_06(sitting):
    exam = make_exam(sitting, starts_in_minutes=30, duration=60)
    at_collection = timing.timeline(exam, exam.starts_at - timedelta(minutes=30))
    assert [s.done for s in at_collection][:2] == [True, False]
