"""REC-09: the audit chain links every entry to the one before; tampering is found."""

import pytest
from django.core.management import CommandError, call_command

from skillcert.core.audit import audit_record, audit_verify
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Authority

pytestmark = pytest.mark.django_db


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
