"""Proctor console: EXAM-10 extra time, incidents, force submit, attendance, tenancy 404."""

import pytest

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.exams.models import ExamAttempt, ExamIncident
from skillcert.exams.proctor.services import attempt_force_submit, extra_time_grant
from tests import factories as f

from .helpers import make_exam, seat_all, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(institution, sitting, enrol):
    enrol(sitting, 35)  # two rooms
    seats = seat_all(institution, sitting)
    exam = make_exam(sitting)
    attempts = [sign_in(exam, s).attempt for s in seats[:33]]
    return exam, seats, attempts


def test_exam_10_stoppage_under_30_minutes_extends_one_candidate(running, staff):
    exam, _, attempts = running
    a = attempts[0]
    before = a.ends_at
    extra_time_grant(actor=staff, exam=exam, minutes=12, note="电脑死机，更换机位", attempt=a)
    a.refresh_from_db()
    assert a.extra_minutes == 12 and (a.ends_at - before).total_seconds() == 12 * 60
    assert ExamAttempt.objects.get(pk=attempts[1].pk).extra_minutes == 0
    incident = ExamIncident.objects.get()
    assert incident.minutes_lost == 12 and incident.extra_granted and incident.by == staff
    assert AuditEntry.objects.filter(action="exam.extra_time", object_id=str(a.pk)).exists()


def test_exam_10_a_room_gets_extra_time_for_a_power_cut(running, staff):
    exam, seats, attempts = running
    room = seats[0].room
    extra_time_grant(actor=staff, exam=exam, minutes=20, note="停电20分钟", room=room)
    in_room = {s.registration_id for s in seats if s.room_id == room.pk}
    for a in ExamAttempt.objects.filter(exam=exam):
        assert a.extra_minutes == (20 if a.registration_id in in_room else 0)


@pytest.mark.parametrize("minutes", [30, 45])
def test_exam_10_stoppage_of_30_minutes_or_more_is_refused(running, staff, minutes):
    exam, seats, _ = running
    with pytest.raises(DomainError) as e:
        extra_time_grant(actor=staff, exam=exam, minutes=minutes, note="停电", room=seats[0].room)
    assert e.value.rule == "EXAM-10" and "重新安排考试" in e.value.message
    assert not ExamIncident.objects.exists()
    assert not ExamAttempt.objects.filter(extra_minutes__gt=0).exists()


def test_exam_10_stoppages_adding_up_to_30_minutes_are_refused(running, staff):
    exam, _, attempts = running
    extra_time_grant(actor=staff, exam=exam, minutes=20, note="故障", attempt=attempts[0])
    with pytest.raises(DomainError):
        extra_time_grant(actor=staff, exam=exam, minutes=10, note="又故障", attempt=attempts[0])


def test_force_submit_scores_now_and_records_an_incident(running, staff):
    exam, _, attempts = running
    done = attempt_force_submit(actor=staff, attempt=attempts[0], reason="夹带资料")
    assert done.submitted_by == ExamAttempt.FORCED and done.score is not None
    assert ExamIncident.objects.get().note == "强制交卷：夹带资料"


def test_console_shows_attendance_per_room(client, running, staff):
    exam, _, _ = running
    client.force_login(staff)
    r = client.get(f"/i/{exam.institution_id}/exams/{exam.pk}/")
    page = r.content.decode()
    assert r.status_code == 200
    assert "已登录 33 · 未登录/缺考 2 · 已交卷 0" in page
    r = client.get(f"/api/i/{exam.institution_id}/exams/{exam.pk}/attendance")
    assert [(x["signed_in"], x["absent"]) for x in r.json()] == [(30, 0), (3, 2)]


def test_console_extra_time_form_refuses_30_minutes_with_a_message(client, running, staff):
    exam, seats, _ = running
    client.force_login(staff)
    url = f"/i/{exam.institution_id}/exams/{exam.pk}/extra/"
    r = client.post(url, {"room": seats[0].room_id, "minutes": 30, "note": "停电"}, follow=True)
    assert "重新安排考试" in r.content.decode()
    r = client.post(url, {"room": seats[0].room_id, "minutes": 15, "note": "停电"}, follow=True)
    assert "已补时15分钟" in r.content.decode()


def test_proctor_pages_are_404_to_another_institution(client, running, outsider):
    exam, _, attempts = running
    client.force_login(outsider)
    base = f"/i/{exam.institution_id}/exams/{exam.pk}"
    for url in (f"{base}/", f"{base}/similarity/", f"/i/{exam.institution_id}/sittings/"
                f"{exam.sitting_id}/exams/"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    for url, data in (
        (f"{base}/extra/", {"attempt": attempts[0].pk, "minutes": 5, "note": "x"}),
        (f"{base}/incident/", {"note": "x"}),
        (f"{base}/force/{attempts[0].pk}/", {"reason": "x"}),
        (f"{base}/finish/", {}),
    ):
        assert client.post(url, data).status_code == 404, url
    assert client.get(f"/api/i/{exam.institution_id}/exams/{exam.pk}/attendance").status_code == 404
    # the outsider's own institution does not reach this exam either
    own = outsider.memberships.get().institution_id
    assert client.get(f"/i/{own}/exams/{exam.pk}/").status_code == 404
    assert not ExamIncident.objects.exists()
    assert ExamAttempt.objects.filter(submitted_at__isnull=False).count() == 0


def test_examiner_of_the_institution_may_not_use_the_console(client, running, institution):
    exam, _, _ = running
    client.force_login(f.member(institution, role="examiner"))
    assert client.get(f"/i/{institution.pk}/exams/{exam.pk}/").status_code == 403


def test_similarity_page_explains_the_statistic(client, running, staff):
    exam, _, _ = running
    client.force_login(staff)
    page = client.get(f"/i/{exam.institution_id}/exams/{exam.pk}/similarity/").content.decode()
    assert "Bonferroni" in page and "泊松" in page and "相同错答" in page


def test_console_attendance_fragment_is_live_and_scoped(client, running, staff, other_institution):
    exam, seats, _ = running
    client.force_login(staff)
    url = f"/i/{exam.institution_id}/exams/{exam.pk}/attendance/"
    first = client.get(url).content.decode()
    assert "已登录 33 · 未登录/缺考 2 · 已交卷 0" in first and 'hx-trigger="every 10s' in first
    sign_in(exam, seats[33])  # a late candidate arrives
    assert "已登录 34 · 未登录/缺考 1" in client.get(url).content.decode()
    exam.status = exam.CLOSED
    exam.save(update_fields=["status"])
    assert "hx-get" not in client.get(url).content.decode()  # finished: no more polling
    other = f"/i/{other_institution.pk}/exams/{exam.pk}/attendance/"
    assert client.get(other).status_code == 404  # another institution: invisible
