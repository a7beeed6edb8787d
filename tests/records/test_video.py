"""REC-11: the video index by room or station and time span, the coverage check naming every
room and minute without video, retention >= 5 years, a gap raising an incident (REC-05)."""

from datetime import date, timedelta

import pytest
from django.test import override_settings
from freezegun import freeze_time

from skillcert.arrangement.models import Room
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.records.models import Incident, VideoRecording
from skillcert.records.video import services
from skillcert.records.video.coverage import gaps_of

from .helpers import at, room

MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64


def add(staff, institution, sitting, r, start, end, **kw):
    kw.setdefault("reference", f"nvr://10.0.0.5/ch{r.number}/{start:%H%M}")
    return services.video_recording_add(
        actor=staff,
        institution=institution,
        sitting=sitting,
        room=r,
        starts_at=start,
        ends_at=end,
        **kw,
    )


def period(staff, institution, sitting, r, start, end):
    return services.exam_period_add(
        actor=staff, institution=institution, sitting=sitting, room=r, starts_at=start, ends_at=end
    )


def test_rec_11_coverage_names_every_room_and_minute_without_video(staff, institution, sitting):
    a, b = room(institution, 1), room(institution, 2)
    for r in (a, b):
        period(staff, institution, sitting, r, at(2026, 6, 1, 9), at(2026, 6, 1, 10, 30))
    add(staff, institution, sitting, a, at(2026, 6, 1, 8, 55), at(2026, 6, 1, 9, 40))
    add(staff, institution, sitting, a, at(2026, 6, 1, 9, 52), at(2026, 6, 1, 10, 35))
    gaps = gaps_of(sitting)
    assert [(g.room.number, g.starts_at, g.ends_at, g.minutes) for g in gaps] == [
        (1, at(2026, 6, 1, 9, 40), at(2026, 6, 1, 9, 52), 12),
        (2, at(2026, 6, 1, 9), at(2026, 6, 1, 10, 30), 90),  # room 2 has no video at all
    ]


def test_rec_11_practical_stations_each_covered_or_named(staff, institution, sitting):
    p = room(institution, 5, kind=Room.PRACTICAL, stations=2)
    period(staff, institution, sitting, p, at(2026, 6, 2, 9), at(2026, 6, 2, 11))
    add(staff, institution, sitting, p, at(2026, 6, 2, 9), at(2026, 6, 2, 11), station=1)
    gaps = gaps_of(sitting)
    assert [(g.station, g.minutes) for g in gaps] == [(2, 120)]
    add(staff, institution, sitting, p, at(2026, 6, 2, 9), at(2026, 6, 2, 11))  # whole room
    assert gaps_of(sitting) == []


@freeze_time("2026-06-03 02:00:00")
def test_rec_11_missing_coverage_raises_one_incident(staff, institution, sitting):
    a = room(institution, 1)
    period(staff, institution, sitting, a, at(2026, 6, 1, 9), at(2026, 6, 1, 10))
    add(staff, institution, sitting, a, at(2026, 6, 1, 9), at(2026, 6, 1, 9, 30))
    gaps, incident = services.video_coverage_check(
        actor=staff, institution=institution, sitting=sitting
    )
    assert len(gaps) == 1 and incident.category == "g_video_gap"
    assert incident.source == Incident.VIDEO and "30分钟无录像" in incident.description
    again, same = services.video_coverage_check(
        actor=staff, institution=institution, sitting=sitting
    )
    assert same.pk == incident.pk and Incident.objects.count() == 1


@freeze_time("2026-05-01 02:00:00")
def test_rec_11_future_exam_times_raise_no_incident_yet(staff, institution, sitting):
    period(staff, institution, sitting, room(institution), at(2026, 6, 1, 9), at(2026, 6, 1, 10))
    gaps, incident = services.video_coverage_check(
        actor=staff, institution=institution, sitting=sitting
    )
    assert len(gaps) == 1 and incident is None


def test_rec_11_retention_at_least_five_years_and_removal_refused(staff, institution, sitting):
    r = add(staff, institution, sitting, room(institution), at(2026, 6, 1, 9), at(2026, 6, 1, 10))
    assert r.retain_until == date(2031, 6, 1)
    with pytest.raises(DomainError) as exc:
        services.video_recording_remove(actor=staff, recording=r, reason="空间不足")
    assert exc.value.rule == "REC-11" and VideoRecording.objects.filter(pk=r.pk).exists()
    with freeze_time("2031-06-02"):
        services.video_recording_remove(actor=staff, recording=r, reason="保存期满")
    assert not VideoRecording.objects.filter(pk=r.pk).exists()
    assert AuditEntry.objects.filter(action="video.remove").exists()


@override_settings(SKILLCERT_RULES={"video_retention_years": 3})
def test_rec_11_a_setting_below_five_years_is_refused(staff, institution, sitting):
    with pytest.raises(DomainError) as exc:
        add(staff, institution, sitting, room(institution), at(2026, 6, 1, 9), at(2026, 6, 1, 10))
    assert exc.value.rule == "REC-11"


def test_rec_11_file_through_storage_checked_by_content_and_sealed(staff, institution, sitting):
    r = room(institution)
    row = add(
        staff,
        institution,
        sitting,
        r,
        at(2026, 6, 1, 9),
        at(2026, 6, 1, 10),
        reference="",
        upload=("a.mp4", MP4),
    )
    assert row.kind == VideoRecording.FILE and row.size == len(MP4)
    with row.file.open("rb") as fh:
        assert fh.read() != MP4  # sealed at rest
    with pytest.raises(DomainError) as exc:
        add(
            staff,
            institution,
            sitting,
            r,
            at(2026, 6, 1, 9),
            at(2026, 6, 1, 10),
            reference="",
            upload=("a.mp4", b"not a video at all"),
        )
    assert exc.value.field == "file"


@pytest.mark.parametrize(
    "kw,field",
    [
        ({"reference": "ftp://x/y"}, "reference"),
        ({"reference": ""}, "reference"),
        ({"station": 3}, "station"),
        ({"ends_at": at(2026, 6, 1, 8)}, "ends_at"),
    ],
)
def test_rec_11_bad_input_named(staff, institution, sitting, kw, field):
    start, end = kw.pop("starts_at", at(2026, 6, 1, 9)), kw.pop("ends_at", at(2026, 6, 1, 10))
    with pytest.raises(DomainError) as exc:
        add(staff, institution, sitting, room(institution), start, end, **kw)
    assert exc.value.field == field and not VideoRecording.objects.exists()


def test_rec_11_online_exam_times_count_in_every_seated_room(staff, institution, sitting, enrol):
    from tests.exams.helpers import make_exam, seat_all

    enrol(sitting, 31)
    seats = seat_all(institution, sitting)  # 31 candidates: two rooms
    exam = make_exam(sitting, starts_in_minutes=-90, duration=60)
    rooms = sorted({s.room.pk for s in seats})
    end = exam.starts_at + timedelta(minutes=60)
    add(staff, institution, sitting, seats[0].room, exam.starts_at, end)
    gaps = gaps_of(sitting)
    assert len(rooms) == 2 and [(g.room.pk, g.minutes) for g in gaps] == [(rooms[1], 60)]
    _, incident = services.video_coverage_check(
        actor=staff, institution=institution, sitting=sitting
    )
    assert incident.exam_form == Incident.THEORY_ONLINE and incident.room_id == rooms[1]
