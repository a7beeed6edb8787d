"""Demo rows of records part B (issue 12): an incident reported late and still open, a video
index with a gap (and the incident the coverage check raised), a complaint in progress."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from skillcert.arrangement.models import Room, Venue
from skillcert.records.complaints import services as complaints
from skillcert.records.incidents import services as incidents
from skillcert.records.video import services as video


def _at(day: date, hh: int, mm: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hh, mm))


def _room(college) -> Room:
    room = Room.objects.filter(institution=college, kind="theory").order_by("number").first()
    if room is None:
        venue, _ = Venue.objects.get_or_create(institution=college, name="主考点")
        room = Room.objects.create(
            institution=college, venue=venue, number=90, name="演示考场", rows=5, columns=6
        )
    return room


def incidents_demo(college, kaowu, sitting) -> None:
    room = _room(college)
    found = timezone.now() - timedelta(minutes=25)
    incident = incidents.incident_report(
        actor=kaowu,
        institution=college,
        sitting=sitting,
        category="g_power",
        exam_form="paper",
        room=room,
        occurred_at=found,
        description=f"{room}突然停电，监考员维持秩序并启用应急照明（发现后25分钟才报告）",
    )
    incidents.incident_stage_add(
        actor=kaowu, incident=incident, text="已联系后勤抢修，考生原位等待"
    )
    day = sitting.theory_on
    video.exam_period_add(
        actor=kaowu,
        institution=college,
        sitting=sitting,
        room=room,
        starts_at=_at(day, 9, 0),
        ends_at=_at(day, 10, 30),
    )
    for start, end in (((9, 0), (9, 40)), ((9, 55), (10, 30))):
        video.video_recording_add(
            actor=kaowu,
            institution=college,
            sitting=sitting,
            room=room,
            starts_at=_at(day, *start),
            ends_at=_at(day, *end),
            reference=f"nvr://192.168.10.20/ch{room.number}/{day:%Y%m%d}T{start[0]:02d}{start[1]:02d}",
        )
    video.video_coverage_check(actor=kaowu, institution=college, sitting=sitting)
    complaint = complaints.complaint_register(
        actor=kaowu,
        institution=college,
        sitting=sitting,
        name="李华",
        unit="某职业技术学院",
        contact="13900000000",
        content="理论考试时第1考场监考员多次离开考场，未制止考生交头接耳",
        received_on=date(2026, 11, 30),
    )
    complaints.complaint_accept(
        actor=kaowu,
        complaint=complaint,
        investigate=True,
        reason="经初步了解，需调取监控录像核实",
        on=date(2026, 12, 2),
    )
