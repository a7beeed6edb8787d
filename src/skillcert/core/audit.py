"""The audit chain (REC-09): who changed which record deciding a result, when, from what to what.

Every service that changes a registration decision, a score, a certificate or a filing
calls `audit_record` inside its own transaction, so the entry and the change commit
together. Each entry's hash covers the previous entry's hash; `manage.py verify_audit`
recomputes the chain and names the first broken link.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead


@dataclass(frozen=True)
class AuditDraft:
    action: str
    object_type: str
    object_id: str
    institution_id: int | None = None
    before: Any = None
    after: Any = None


def snapshot(value: Any) -> Any:
    """JSON-safe copy (Decimals, dates as strings) so what is hashed is what is stored."""
    return (
        json.loads(json.dumps(value, default=str, ensure_ascii=False))
        if value is not None
        else None
    )


def _digest(prev_hash: str, entry: AuditEntry) -> str:
    material = [
        prev_hash,
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


def _actor(user) -> tuple[int | None, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "system"
    return user.pk, user.get_username()


def audit_record_many(*, actor, drafts: list[AuditDraft]) -> list[AuditEntry]:
    """Append entries in order; must run inside the caller's transaction."""
    if not drafts:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit entries must be written inside the changing transaction")
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # normally made by a migration; a flushed test database lacks it
        AuditHead.objects.bulk_create([AuditHead(pk=1)], ignore_conflicts=True)
        head = AuditHead.objects.select_for_update().get(pk=1)
    actor_id, label = _actor(actor)
    now = timezone.now()
    entries, prev = [], head.last_hash
    for d in drafts:
        entry = AuditEntry(
            at=now,
            actor_id=actor_id,
            actor_label=label,
            institution_id=d.institution_id,
            action=d.action,
            object_type=d.object_type,
            object_id=str(d.object_id),
            before=snapshot(d.before),
            after=snapshot(d.after),
            prev_hash=prev,
        )
        entry.hash = prev = _digest(entry.prev_hash, entry)
        entries.append(entry)
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    head.last_hash = prev
    head.save(update_fields=["last_hash"])
    return entries


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: Any = None,
    after: Any = None,
    institution_id: int | None = None,
) -> AuditEntry:
    if institution_id is None:
        institution_id = getattr(obj, "institution_id", None)
    draft = AuditDraft(action, obj._meta.label_lower, str(obj.pk), institution_id, before, after)
    return audit_record_many(actor=actor, drafts=[draft])[0]


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


def audit_verify(batch: int = 5000) -> ChainReport:
    """Walk the chain from the start; report the first entry whose link or hash is wrong."""
    prev, checked, last_id = "0" * 64, 0, 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for entry in rows:
            if entry.prev_hash != prev:
                return ChainReport(
                    False, checked, entry.pk, "prev_hash does not match the entry before"
                )
            if _digest(prev, entry) != entry.hash:
                return ChainReport(False, checked, entry.pk, "content does not match its hash")
            prev, last_id, checked = entry.hash, entry.pk, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.last_hash != prev:
        return ChainReport(False, checked, None, "the chain was cut after its last entry")
    return ChainReport(True, checked)
