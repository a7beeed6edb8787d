"""REC-11 coverage: every room (every station of a practical room) watched for every minute
of the sitting's exam times. Pure over the rows it is given: windows (room, start, end) and
recordings (room, station or None for the whole room, start, end)."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from skillcert.arrangement.models import Room
from skillcert.exams.models import Exam
from skillcert.plans.models import Sitting

from ..models.video import ExamPeriod, VideoRecording

MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Gap:
    room: Room
    station: int | None
    starts_at: datetime
    ends_at: datetime
    online: bool = False  # the exam time of an online exam (exams.Exam)

    @property
    def minutes(self) -> int:
        return int(-(-(self.ends_at - self.starts_at).total_seconds() // 60))

    @property
    def where(self) -> str:
        return f"{self.room} 工位{self.station}" if self.station else str(self.room)

    def label(self, tz=None) -> str:
        a, b = (self.starts_at.astimezone(tz), self.ends_at.astimezone(tz))
        return f"{self.where}：{a:%Y-%m-%d %H:%M}–{b:%H:%M}（{self.minutes}分钟无录像）"


def windows_of(sitting: Sitting) -> list[tuple[Room, datetime, datetime, bool]]:
    """The sitting's exam times per room: declared exam periods, and each online exam in
    every room where the sitting's candidates are seated."""
    found = [
        (p.room, p.starts_at, p.ends_at, False)
        for p in ExamPeriod.objects.filter(sitting=sitting).select_related("room")
    ]
    exams = list(Exam.objects.filter(sitting=sitting))
    if exams:
        arrangement = getattr(sitting, "seat_arrangement", None)
        rooms = list(arrangement.rooms.all()) if arrangement is not None else []
        for exam in exams:
            end = exam.starts_at + timedelta(minutes=exam.duration_minutes)
            found += [(room, exam.starts_at, end, True) for room in rooms]
    return sorted(found, key=lambda w: (w[0].number, w[1]))


def _targets(room: Room) -> list[int | None]:
    if room.kind == Room.PRACTICAL and room.stations:
        return list(range(1, room.stations + 1))
    return [None]


def _holes(start, end, spans) -> list[tuple[datetime, datetime]]:
    holes, at = [], start
    for s, e in sorted(spans):
        if e <= at:
            continue
        if s > at:
            holes.append((at, min(s, end)))
        at = max(at, e)
        if at >= end:
            break
    if at < end:
        holes.append((at, end))
    return [(a, b) for a, b in holes if b - a >= MINUTE]  # a second's seam is no gap


def gaps_of(sitting: Sitting) -> list[Gap]:
    """Every room and station and every span of a minute or more of the exam times with no
    recording (REC-11)."""
    recordings = list(VideoRecording.objects.filter(sitting=sitting))
    gaps = []
    for room, start, end, online in windows_of(sitting):
        for station in _targets(room):
            spans = [
                (r.starts_at, r.ends_at)
                for r in recordings
                if r.room_id == room.pk and (r.station is None or r.station == station)
            ]
            gaps += [Gap(room, station, a, b, online) for a, b in _holes(start, end, spans)]
    return gaps


def gaps_digest(gaps: list[Gap]) -> str:
    key = [[g.room.pk, g.station, g.starts_at.isoformat(), g.ends_at.isoformat()] for g in gaps]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()
