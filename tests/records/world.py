"""Objects of the records parts (incidents, video, complaints, supervision report) for the
generated walks: tests/api_world.py and tests/page_world.py add them by the URL segment
before each id."""

from datetime import date

from django.utils import timezone

from skillcert.records.archives import services as archives
from skillcert.records.complaints import services as complaints
from skillcert.records.equipment import services as equipment
from skillcert.records.incidents import services as incidents
from skillcert.records.models import (
    ArchiveAccess,
    ArchiveItem,
    ArchivePackage,
    DestructionRequest,
    Incident,
)
from skillcert.records.video import services as video

from .helpers import at, instrument, room

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


def _archive(sitting, staff):
    archives.archive_assemble(actor=staff, sitting=sitting)
    item = ArchiveItem.objects.filter(sitting=sitting).first()
    request = DestructionRequest.objects.create(
        institution_id=sitting.institution_id, sitting=sitting, reason="保管期满"
    )
    job = ArchivePackage.objects.create(institution_id=sitting.institution_id, sitting=sitting)
    return item, request, job


def records_api_world(sitting, staff) -> dict:
    _, request, job = _archive(sitting, staff)
    return {"archive-destructions": request.pk, "archive-packages": job.pk}


def records_page_world(world: dict, sitting, staff) -> dict:
    row = instrument(sitting, actor=staff, due=date(2030, 1, 1))
    use = equipment.equipment_assign(actor=staff, sitting=sitting, equipment=row)
    item = ArchiveItem.objects.filter(sitting=sitting).first()
    access = ArchiveAccess.objects.create(
        institution_id=sitting.institution_id,
        item=item,
        kind=ArchiveAccess.BORROW,
        borrower="李四",
        purpose="检查",
    )
    return {
        "equipment": row.pk,
        "equipment-uses": use.pk,
        "archives": sitting.pk,
        "archive-items": item.pk,
        "archive-access": access.pk,
        "archive-access.action": "approve",
        "destructions": world["archive-destructions"],
        "destructions.action": "approve",
    }
