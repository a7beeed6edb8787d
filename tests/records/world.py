"""Objects of the archives part of records (equipment, handover, archives) for the generated
proofs: tests/api_world.py and tests/page_world.py add these to their worlds."""

from datetime import date

from skillcert.records.archives import services as archives
from skillcert.records.equipment import services as equipment
from skillcert.records.models import ArchiveAccess, ArchiveItem, ArchivePackage, DestructionRequest

from .helpers import instrument


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
