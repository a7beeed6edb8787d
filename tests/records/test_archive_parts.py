"""REC-03: the room records, supervision report, video index, incidents and paper return
registers of a sitting enter its archive (and the package renders their files)."""

import pytest

from skillcert.records.archives.services import archive_assemble, sitting_entries
from skillcert.records.archives.sources import SOURCES
from skillcert.records.models import ArchiveItem

from .helpers import started

pytestmark = pytest.mark.django_db

PARTS = ("room_records", "supervision_report", "video", "incidents", "return_registers")


def test_rec_03_every_records_part_is_an_archive_source():
    assert set(PARTS) <= set(SOURCES)


def test_rec_03_the_room_record_enters_the_archive_with_its_form(institution, sitting, enrol):
    record, proctor = started(institution, sitting, enrol, 2)
    archive_assemble(actor=proctor, sitting=sitting)
    items = ArchiveItem.objects.filter(sitting=sitting)
    room_items = items.filter(source="room_records")
    assert room_items.exists()
    assert all(i.retention_class == ArchiveItem.PAPER for i in room_items)
    contents = {(key, e.ref): e.content for key, e in sitting_entries(sitting)}
    name, data = contents[("room_records", room_items.first().ref)]()
    assert name.endswith(".pdf") and data.startswith(b"%PDF")
