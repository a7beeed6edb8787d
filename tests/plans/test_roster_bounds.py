"""Issue 16 item 1: a roster .xlsx too large to read is refused, on both import paths.

Read in a forked, memory-limited child (tests.sheet_bombs.bounded): before the fix calamine
aborted the process on these files, which failed the test instead of killing pytest.
"""

import pytest
from django.core.files.base import ContentFile

from skillcert.core.crypto import encrypt_bytes
from skillcert.plans.models import Registration, RosterImport
from skillcert.plans.roster import services as roster
from skillcert.plans.roster.format import COLUMNS
from tests.sheet_bombs import KILL, SLOW, bomb, bounded

from .conftest import row, upload


@pytest.mark.parametrize("far", [KILL, SLOW])
def test_an_oversized_roster_upload_is_refused_and_stores_nothing(sitting, staff, far):
    """Issue 16 item 1: roster_import_create answers 表格超过…行 and the process stays up."""
    data = bomb(COLUMNS, row("张三"), far=far)

    def create():
        roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
        return RosterImport.objects.count()

    outcome = bounded(create)
    assert outcome[:3] == ("raised", "DomainError", "sheet_too_large")
    assert "表格超过60000行" in outcome[3]
    assert not RosterImport.objects.exists()


def test_a_stored_oversized_roster_fails_its_background_task(sitting):
    """Issue 16 item 1: the task path (large files) reads through the same bounded reader."""
    imp = RosterImport(institution=sitting.institution, sitting=sitting, filename="big.xlsx")
    data = bomb(COLUMNS, row("张三"), far=KILL)
    imp.file.save("big.xlsx.sealed", ContentFile(encrypt_bytes(data)), save=False)
    imp.save()

    def run():
        done = roster.roster_import_run(import_id=imp.pk)
        return done.status, done.errors[0]["reason"], Registration.objects.count()

    status, message, stored = bounded(run)[1]
    assert (status, stored) == (RosterImport.FAILED, 0)
    assert message.startswith("表格超过60000行")
    imp.file.delete(save=False)
