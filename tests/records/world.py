"""Objects of the records parts (incidents, video, complaints, supervision report) for the
generated walks: tests/api_world.py and tests/page_world.py add them by the URL segment
before each id."""

from datetime import date

from django.utils import timezone

from skillcert.records.complaints import services as complaints
from skillcert.records.incidents import services as incidents
from skillcert.records.models import Incident
from skillcert.records.video import services as video

from .helpers import at, room

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def incidents_world(institution, sitting, staff) -> dict:
    r = room(institution, 901)
    incident = incidents.incident_report(
        actor=staff,
        institution=institution,
        sitting=sitting,
        category="g_power",
        exam_form=Incident.THEORY_PAPER,
        room=r,
        occurred_at=timezone.now(),
        description="停电",
    )
    complaint = complaints.complaint_register(
        actor=staff,
        institution=institution,
        name="王明",
        contact="13800000000",
        content="监考不规范",
        received_on=date(2026, 9, 30),
        evidence=[("证据.pdf", PDF)],
    )
    notice = complaints.complaint_accept(
        actor=staff, complaint=complaint, investigate=True, reason="调查", on=date(2026, 10, 9)
    )
    recording = video.video_recording_add(
        actor=staff,
        institution=institution,
        sitting=sitting,
        room=r,
        starts_at=at(2026, 6, 1, 9),
        ends_at=at(2026, 6, 1, 10),
        upload=("a.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64),
    )
    return {
        "incidents": incident.pk,
        "complaints": complaint.pk,
        "complaint-notices": notice.pk,
        "files": complaint.evidence.first().pk,
        "video-recordings": recording.pk,
    }
