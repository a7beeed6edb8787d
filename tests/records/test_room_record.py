"""REC-10: the room record (考场情况记录表) per room and sitting, from the seating plan."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from skillcert.core.errors import DomainError, Forbidden
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from skillcert.records.incidents.services import incident_report
from skillcert.records.models import Incident, RoomAttendance, RoomRecord, RoomViolation
from skillcert.records.room import services as room
from skillcert.records.room.pdf import room_record_pdf
from skillcert.violations.models import Violation
from tests import factories as f

from .helpers import room as room_in
from .helpers import seated, started

pytestmark = pytest.mark.django_db


def _rows(record):
    return list(record.attendance.order_by("seat_no"))


def test_rec_10_the_record_starts_from_the_seating_plan(institution, sitting, enrol):
    seats, proctor = seated(institution, sitting, enrol, 3)
    record = room.room_record_start(actor=proctor, sitting=sitting, room=seats[0].room)
    assert [a.ticket_number for a in _rows(record)] == [s.ticket_number for s in seats]
    assert all(a.status == RoomAttendance.PENDING for a in _rows(record))
    assert AuditEntry.objects.filter(action="room_record.start").count() == 1
    with pytest.raises(DomainError) as err:
        room.room_record_start(actor=proctor, sitting=sitting, room=seats[0].room)
    assert err.value.rule == "REC-10" and RoomRecord.objects.count() == 1


def test_rec_10_a_room_without_seats_has_no_record(institution, sitting, staff):
    from skillcert.arrangement import services as arrangement

    venue = arrangement.venue_create(actor=None, institution=institution, name="空考点")
    empty = arrangement.room_create(
        actor=None,
        venue=venue,
        number=77,
        name="空教室",
        kind="theory",
        rows=2,
        columns=2,
        desk_spacing_cm=90,
    )
    with pytest.raises(DomainError) as err:
        room.room_record_start(actor=staff, sitting=sitting, room=empty)
    assert err.value.rule == "REC-10" and "座位" in err.value.message
    assert not RoomRecord.objects.exists()


def test_rec_10_only_the_rooms_proctor_or_exam_affairs_keep_it(institution, sitting, enrol):
    seats, _ = seated(institution, sitting, enrol, 2)
    examiner = f.member(institution, role=Membership.EXAMINER)
    with pytest.raises(Forbidden):
        room.room_record_start(actor=examiner, sitting=sitting, room=seats[0].room)


def test_rec_10_violation_needs_a_present_candidate_and_both_signatures(
    institution, sitting, enrol
):
    record, proctor = started(institution, sitting, enrol, 3)
    a, b, _c = _rows(record)
    room.attendance_mark(actor=proctor, record=record, attendance=b, status=RoomAttendance.ABSENT)
    kw = {
        "category": "v01_other",
        "subject": "theory",
        "occurred_at": timezone.now(),
        "notes": "偷看他人答卷，当场制止",
    }
    with pytest.raises(DomainError) as err:  # absent: no violation
        room.room_violation_record(
            actor=proctor, record=record, attendance=b, candidate_signed=True, **kw
        )
    assert err.value.rule == "REC-10" and "缺考" in err.value.message
    room.attendance_mark(actor=proctor, record=record, attendance=a, status=RoomAttendance.PRESENT)
    with pytest.raises(DomainError) as err:  # neither signed nor refusal noted
        room.room_violation_record(
            actor=proctor, record=record, attendance=a, candidate_signed=False, **kw
        )
    assert err.value.field == "candidate_signed" and not Violation.objects.exists()
    link = room.room_violation_record(
        actor=proctor, record=record, attendance=a, candidate_signed=True, **kw
    )
    v = link.violation
    assert v.status == Violation.RECORDED and v.registration_id == a.registration_id
    assert link.proctor_signed_by == proctor and f"考场情况记录表第{record.pk}号" in v.notes
    with pytest.raises(DomainError):  # a candidate with a violation stays present
        room.attendance_mark(
            actor=proctor, record=record, attendance=a, status=RoomAttendance.ABSENT
        )


def test_rec_10_the_violation_page_refers_to_the_room_record(client, institution, sitting, enrol):
    record, proctor = started(institution, sitting, enrol, 2)
    a = _rows(record)[0]
    room.attendance_mark(actor=proctor, record=record, attendance=a, status=RoomAttendance.PRESENT)
    link = room.room_violation_record(
        actor=proctor,
        record=record,
        attendance=a,
        category="v01_other",
        subject="theory",
        occurred_at=timezone.now(),
        notes="夹带纸条",
        candidate_signed=False,
        candidate_refusal="考生拒绝签字，两名监考员在场",
    )
    client.force_login(f.member(institution))
    page = client.get(reverse("violation_detail", args=[institution.pk, link.violation_id]))
    text = page.content.decode()
    assert page.status_code == 200 and "考场情况记录表" in text
    assert reverse("room_record", args=[institution.pk, sitting.pk, record.pk]) in text
    assert "考生拒绝签字" in text


def test_rec_10_seal_counts_papers_against_those_signed_in(institution, sitting, enrol):
    record, proctor = started(institution, sitting, enrol, 3)
    a, b, c = _rows(record)
    with pytest.raises(DomainError) as err:  # seats not yet accounted for
        room.room_record_seal(actor=proctor, record=record, papers_collected=0, seal_number="F1")
    assert err.value.rule == "REC-10"
    room.attendance_mark(actor=proctor, record=record, attendance=a, status="present")
    room.attendance_mark(actor=proctor, record=record, attendance=b, status="present")
    room.attendance_mark(actor=proctor, record=record, attendance=c, status="late")
    with pytest.raises(DomainError) as err:
        room.room_record_seal(actor=proctor, record=record, papers_collected=3, seal_number="F1")
    assert err.value.code == "count_mismatch" and "2人" in err.value.message
    room.room_incident_note(actor=proctor, record=record, text="09:20 停电5分钟，启用备用电源")
    sealed = room.room_record_seal(
        actor=proctor, record=record, papers_collected=2, seal_number="F1"
    )
    assert sealed.status == RoomRecord.SEALED and sealed.sealed_by == proctor
    with pytest.raises(DomainError) as err:  # nothing changes after the seal
        room.attendance_mark(actor=proctor, record=record, attendance=c, status="absent")
    assert err.value.code == "record_sealed"
    assert RoomAttendance.objects.get(pk=c.pk).status == "late"


def test_rec_10_printed_as_the_form(institution, sitting, enrol):
    record, proctor = started(institution, sitting, enrol, 2)
    a, b = _rows(record)
    room.attendance_mark(actor=proctor, record=record, attendance=a, status="present")
    room.attendance_mark(actor=proctor, record=record, attendance=b, status="absent")
    room.room_violation_record(
        actor=proctor,
        record=record,
        attendance=a,
        category="v01_other",
        subject="theory",
        occurred_at=timezone.now(),
        notes="交头接耳",
        candidate_signed=True,
    )
    room.room_record_seal(actor=proctor, record=record, papers_collected=1, seal_number="封-07")
    record.refresh_from_db()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(room_record_pdf(record))).pages)
    assert "考场情况记录表" in text and "缺考" in text and a.ticket_number in text
    assert "考生已签字确认" in text and "封-07" in text


def test_rec_10_pages_proctor_fills_the_record(client, institution, sitting, enrol):
    seats, proctor = seated(institution, sitting, enrol, 2)
    client.force_login(proctor)
    index = reverse("records_sitting", args=[institution.pk, sitting.pk])
    assert client.get(index).status_code == 200
    r = client.post(
        reverse("room_record_start", args=[institution.pk, sitting.pk]),
        {"room": seats[0].room_id},
    )
    record = RoomRecord.objects.get()
    assert r.status_code == 302
    url = reverse("room_attendance", args=[institution.pk, sitting.pk, record.pk])
    a, b = _rows(record)
    client.post(url, {"attendance": a.pk, "status": "present"})
    client.post(url, {"attendance": b.pk, "status": "absent"})
    r = client.post(
        reverse("room_violation", args=[institution.pk, sitting.pk, record.pk]),
        {
            "attendance": a.pk,
            "category": "v01_other",
            "subject": "theory",
            "notes": "",
            "occurred_at": "bad",
        },
    )
    assert r.status_code == 400 and not RoomViolation.objects.exists()
    page = client.get(reverse("room_record", args=[institution.pk, sitting.pk, record.pk]))
    assert page.status_code == 200 and "缺考" in page.content.decode()
    pdf = client.get(reverse("room_record_pdf", args=[institution.pk, sitting.pk, record.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_rec_10_the_record_shows_the_rec_05_reports_of_its_room(
    client, institution, sitting, enrol
):
    """The room record links the incidents reported (REC-05) for its room, on the page, the
    printed form and the API; another room's incident is not on it."""
    record, proctor = started(institution, sitting, enrol, 1)
    ours = incident_report(
        actor=proctor,
        institution=institution,
        sitting=sitting,
        category="g_power",
        exam_form=Incident.THEORY_PAPER,
        occurred_at=timezone.now(),
        description="本考场停电",
        room=record.room,
    )
    incident_report(
        actor=proctor,
        institution=institution,
        sitting=sitting,
        category="g_power",
        exam_form=Incident.THEORY_PAPER,
        occurred_at=timezone.now(),
        description="另一考场停电",
        room=room_in(institution, number=9),
    )
    client.force_login(proctor)
    args = [institution.pk, sitting.pk, record.pk]
    page = client.get(reverse("room_record", args=args)).content.decode()
    assert page.count(reverse("incident_detail", args=[institution.pk, ours.pk])) == 1
    assert page.count(f'href="/i/{institution.pk}/incidents/') == 1
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(room_record_pdf(record))).pages)
    assert f"突发事件报告第{ours.pk}号" in text
    api = client.get(
        f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/room-records/{record.pk}"
    )
    assert [i["id"] for i in api.json()["reported_incidents"]] == [ours.pk]
