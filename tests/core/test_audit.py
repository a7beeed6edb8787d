"""REC-09: the audit chain links every entry to the one before; tampering is found."""

import pytest
from django.core.management import CommandError, call_command

from skillcert.core import audit_actions
from skillcert.core.audit import audit_record, audit_verify
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Authority

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _test_actions(monkeypatch):
    # the chain is tested with actions of its own; core.audit accepts only registered names
    for name in ("test.step0", "test.step1", "test.step2", "test.after"):
        monkeypatch.setitem(audit_actions.ACTIONS, name, "测试")


@pytest.fixture
def entries():
    obj = Authority.objects.create(name="河南省人社厅", region_code="410000")
    return [
        audit_record(
            actor=None,
            action=f"test.step{i}",
            obj=obj,
            before={"n": i},
            after={"n": i + 1, "score": "60.5"},
        )
        for i in range(3)
    ]


def test_rec_09_entries_chain_and_verify(entries):
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    report = audit_verify()
    assert report.ok and report.checked == AuditEntry.objects.count() >= 3


def test_rec_09_tampered_after_is_reported_at_that_entry(entries):
    AuditEntry.objects.filter(pk=entries[1].pk).update(after={"n": 99, "score": "60.5"})
    report = audit_verify()
    assert not report.ok and report.broken_id == entries[1].pk
    assert "content" in report.reason


def test_rec_09_deleted_middle_entry_is_reported_at_the_next(entries):
    AuditEntry.objects.filter(pk=entries[1].pk).delete()
    report = audit_verify()
    assert not report.ok and report.broken_id == entries[2].pk


def test_rec_09_deleted_last_entry_is_reported(entries):
    AuditEntry.objects.filter(pk=entries[-1].pk).delete()
    report = audit_verify()
    assert not report.ok and report.broken_id is None
    assert "cut" in report.reason


def test_rec_09_verify_audit_command_prints_ok(entries, capsys):
    call_command("verify_audit")
    assert "审计链完整" in capsys.readouterr().out


def test_rec_09_verify_audit_command_names_the_broken_entry(entries):
    AuditEntry.objects.filter(pk=entries[0].pk).update(after={"n": -1})
    with pytest.raises(CommandError) as exc:
        call_command("verify_audit")
    assert f"#{entries[0].pk}" in str(exc.value) and "test.step0" in str(exc.value)


def test_rec_09_verify_audit_command_reports_a_cut_tail(entries):
    AuditEntry.objects.filter(pk=entries[-1].pk).delete()
    with pytest.raises(CommandError, match="链尾被截断"):
        call_command("verify_audit")


def _plain_sha256(prev: str, entry) -> str:
    """The chain's canonical JSON hashed with plain SHA-256: all that needs no key."""
    import hashlib
    import json
    from datetime import UTC

    material = [
        prev,
        entry.at.astimezone(UTC).isoformat(),
        entry.actor_id,
        entry.actor_label,
        entry.institution_id,
        entry.action,
        entry.object_type,
        str(entry.object_id),
        entry.before,
        entry.after,
    ]
    text = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _rehash_plain(rows, prev="0" * 64):
    """What someone with database access but no key does: recompute the chain from `prev`
    with plain SHA-256 and move the head along."""
    from skillcert.core.models import AuditHead

    for entry in rows:
        entry.refresh_from_db()
        entry.prev_hash, entry.hash = prev, _plain_sha256(prev, entry)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        prev = entry.hash
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


def _key_the_chain():
    """Run the upgrade step (migration core.0003) on the current database."""
    import importlib

    from django.apps import apps

    importlib.import_module("skillcert.core.migrations.0003_audit_key_epoch").key_the_chain(
        apps, None
    )


def test_rec_09_item_11_an_edit_rehashed_with_plain_sha256_is_detected(entries):
    """Issue 16 item 11 (REC-09): editing an entry and re-hashing the chain with plain
    SHA-256 (no key) no longer passes; without moving the head it names the entry."""
    AuditEntry.objects.filter(pk=entries[1].pk).update(after={"n": 99, "score": "99"})
    _rehash_plain(entries)
    report = audit_verify()
    assert not report.ok and "AUDIT_KEY" in report.reason

    from skillcert.core.models import AuditHead

    AuditHead.objects.filter(pk=1).update(last_hash=entries[-1].hash)  # a head left alone
    report = audit_verify()
    assert not report.ok


def test_rec_09_item_11_an_edit_rehashed_without_the_head_names_the_entry(entries):
    """Issue 16 item 11 (REC-09): the keyed hash of an entry cannot be recomputed."""
    from skillcert.core.audit import _digest

    AuditEntry.objects.filter(pk=entries[1].pk).update(after={"n": 99})
    edited = AuditEntry.objects.get(pk=entries[1].pk)
    AuditEntry.objects.filter(pk=edited.pk).update(
        hash=_digest(edited.prev_hash, edited, keyed=False)
    )
    report = audit_verify()
    assert not report.ok and report.broken_id == entries[1].pk


def test_rec_09_item_11_a_wrong_key_fails_verification(entries, settings):
    """Issue 16 item 11 (REC-09): the chain verifies only under the key it was written with."""
    assert audit_verify().ok
    settings.AUDIT_KEY = "not-the-key"
    report = audit_verify()
    assert not report.ok and "AUDIT_KEY" in report.reason
    with pytest.raises(CommandError, match="链头与密钥不符"):
        call_command("verify_audit")


def test_rec_09_item_11_entries_from_before_the_key_still_verify(entries):
    """Issue 16 item 11 (REC-09): a database whose chain was plain SHA-256 verifies after the
    upgrade, and entries written after it are keyed."""
    _rehash_plain(entries)  # the database as it was before the chain was keyed
    _key_the_chain()
    obj = Authority.objects.get()
    later = audit_record(actor=None, action="test.after", obj=obj, after={"n": 9})
    report = audit_verify()
    assert report.ok and report.checked == AuditEntry.objects.count()
    assert later.hash != _plain_sha256(later.prev_hash, later)


def test_rec_09_item_11_old_entries_cannot_be_rewritten_after_the_upgrade(entries):
    """Issue 16 item 11 (REC-09): an edit among the unkeyed entries, re-hashed with plain
    SHA-256, is found: the head's keyed epoch pins the last unkeyed hash."""
    _rehash_plain(entries)
    _key_the_chain()
    audit_record(actor=None, action="test.after", obj=Authority.objects.get(), after={"n": 9})
    AuditEntry.objects.filter(pk=entries[0].pk).update(after={"n": -1})
    _rehash_plain(entries)  # re-chain the unkeyed part; the keyed entry after it stays
    report = audit_verify()
    assert not report.ok


def test_rec_09_item_11_a_keyed_entry_cannot_be_passed_off_as_unkeyed(entries):
    """Issue 16 item 11 (REC-09): moving the epoch past keyed entries needs the key."""
    from skillcert.core.models import AuditHead

    _rehash_plain(entries)
    AuditHead.objects.filter(pk=1).update(epoch_id=entries[-1].pk, epoch_hash=entries[-1].hash)
    report = audit_verify()
    assert not report.ok and "AUDIT_KEY" in report.reason
