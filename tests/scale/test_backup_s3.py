"""The backup command with files on object storage (issue 15, docs/operations.md §7): every
object of the bucket goes into the backup through the storage API, and `restore` writes
them into an empty bucket byte for byte, the audit chain still verifying."""

import pytest
from django.core.management import call_command

from skillcert.core.audit import audit_verify
from skillcert.settings import file_storage
from tests.core.test_backup import _files, _some_of_everything, _tables

pytestmark = [
    pytest.mark.s3,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_backup_and_restore_through_object_storage(s3, s3_endpoint, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "never-used"
    _some_of_everything()
    tables, files = _tables(), _files()
    assert len(files) == 2 and {f"media/{n}" for n in files} == {o.key for o in s3.objects.all()}
    call_command("backup", str(tmp_path / "b.zip"))

    call_command("flush", interactive=False, verbosity=0)
    empty = f"{s3.name}-restored"
    s3.meta.client.create_bucket(Bucket=empty)
    url = f"s3://test:test@{s3_endpoint}/{empty}?tls=false&region=us-east-1"
    settings.STORAGES = {**settings.STORAGES, "default": file_storage(url)}
    assert _files() == {}
    call_command("restore", str(tmp_path / "b.zip"))
    assert _files() == files
    assert _tables() == tables
    assert audit_verify().ok
    assert not settings.MEDIA_ROOT.exists()
    restored = s3.meta.client.list_objects_v2(Bucket=empty)["Contents"]
    assert sorted(o["Key"] for o in restored) == sorted(files)
    for name in files:
        s3.meta.client.delete_object(Bucket=empty, Key=name)
    s3.meta.client.delete_bucket(Bucket=empty)
