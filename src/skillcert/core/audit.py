"""The audit chain (REC-09): who changed which record deciding a result, when, from what to what.

Every service that changes a registration decision, a score, a certificate or a filing
calls `audit_record` inside its own transaction, so the entry and the change commit
together. Each entry's hash covers the previous entry's hash; `manage.py verify_audit`
recomputes the chain and names the first broken link.

The hash is an HMAC-SHA256 under settings.AUDIT_KEY, which is not in the database: whoever
can write the database cannot re-hash an edited chain. Entries written before the chain was
keyed (up to AuditHead.epoch_id) still verify with plain SHA-256; the head's own HMAC pins
that epoch, so no keyed entry can be passed off as an old unkeyed one.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .audit_actions import is_registered
from .models import AuditEntry, AuditHead


class UnknownAuditAction(LookupError):
    """A programming error: the action is not in core.audit_actions (register it there)."""


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


ZERO_HASH = "0" * 64


def _key() -> bytes:
    return settings.AUDIT_KEY.encode()


def _digest(prev_hash: str, entry: AuditEntry, *, keyed: bool = True) -> str:
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
    if not keyed:  # entries written before the chain was keyed (up to the epoch)
        return hashlib.sha256(text.encode()).hexdigest()
    return hmac.new(_key(), text.encode(), hashlib.sha256).hexdigest()


def head_mac(*, epoch_id: int, epoch_hash: str, last_hash: str) -> str:
    """Keys the head: moving the epoch or the last hash needs AUDIT_KEY."""
    message = f"skillcert-audit-head|{epoch_id}|{epoch_hash}|{last_hash}"
    return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()


def _seal(head: AuditHead) -> None:
    head.mac = head_mac(
        epoch_id=head.epoch_id, epoch_hash=head.epoch_hash, last_hash=head.last_hash
    )


def _actor(user) -> tuple[int | None, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "system"
    return user.pk, user.get_username()


def audit_record_many(*, actor, drafts: list[AuditDraft]) -> list[AuditEntry]:
    """Append entries in order; must run inside the caller's transaction."""
    if not drafts:
        return []
    unknown = sorted({d.action for d in drafts if not is_registered(d.action)})
    if unknown:
        raise UnknownAuditAction(f"audit actions not in core.audit_actions: {unknown}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit entries must be written inside the changing transaction")
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # normally made by a migration; a flushed test database lacks it
        # A new head keys everything (epoch 0): re-creating a deleted head cannot turn
        # existing entries into unkeyed ones.
        new = AuditHead(pk=1)
        _seal(new)
        AuditHead.objects.bulk_create([new], ignore_conflicts=True)
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
    _seal(head)
    head.save(update_fields=["last_hash", "mac"])
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
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        head = AuditHead(pk=1)  # no head yet: nothing may be unkeyed, nothing may follow
        if AuditEntry.objects.exists():
            return ChainReport(False, 0, None, "the chain head is missing")
        _seal(head)
    if not hmac.compare_digest(
        head.mac,
        head_mac(epoch_id=head.epoch_id, epoch_hash=head.epoch_hash, last_hash=head.last_hash),
    ):
        return ChainReport(False, 0, None, "the chain head does not verify under AUDIT_KEY")
    prev, checked, last_id = ZERO_HASH, 0, 0
    epoch_seen = head.epoch_id == 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for entry in rows:
            keyed = entry.pk > head.epoch_id
            if keyed and not epoch_seen:
                return ChainReport(False, checked, entry.pk, "the last unkeyed entry is missing")
            if entry.prev_hash != prev:
                return ChainReport(
                    False, checked, entry.pk, "prev_hash does not match the entry before"
                )
            if _digest(prev, entry, keyed=keyed) != entry.hash:
                return ChainReport(False, checked, entry.pk, "content does not match its hash")
            if entry.pk == head.epoch_id:
                if entry.hash != head.epoch_hash:
                    return ChainReport(
                        False, checked, entry.pk, "the last unkeyed entry was changed"
                    )
                epoch_seen = True
            prev, last_id, checked = entry.hash, entry.pk, checked + 1
    if not epoch_seen:
        return ChainReport(False, checked, None, "the last unkeyed entry is missing")
    if head.last_hash != prev:
        return ChainReport(False, checked, None, "the chain was cut after its last entry")
    return ChainReport(True, checked)
