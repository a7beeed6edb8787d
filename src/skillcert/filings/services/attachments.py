"""Attachments of an application, checked by content, sealed, through the storage API."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from skillcert.core import crypto
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.images import image_open
from skillcert.core.rules import rules

from ..models import FilingApplication as A
from ..models import FilingAttachment
from .base import _editable


def _content_type(data: bytes, field: str) -> str:
    """PDF (header and trailer) or a picture Pillow reads; anything else is refused."""
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-1024:]:
            raise DomainError(
                "attachment_pdf", "PDF文件不完整（缺少结束标记）", field=field, rule="INST-02"
            )
        return "application/pdf"
    broken = DomainError(
        "attachment_type", "材料应为PDF文件或图片（JPEG/PNG）", field=field, rule="INST-02"
    )
    image = image_open(data, field=field, label="材料图片", rule="INST-02", broken=broken)
    kinds = {"JPEG": "image/jpeg", "PNG": "image/png"}
    if image.format not in kinds:
        raise broken
    try:
        image.verify()
    except Exception:  # noqa: BLE001 (Pillow raises many kinds for a damaged file)
        raise broken from None
    return kinds[image.format]


@transaction.atomic
def attachment_add(*, actor, application: A, kind: str, name: str, data: bytes) -> FilingAttachment:
    """An attachment checked by its content (PDF or picture) and size, sealed (it may hold
    personal data: signatures, ID copies) and kept through the storage API."""
    application = _editable(application)
    if kind not in dict(FilingAttachment.KINDS):
        raise DomainError("attachment_kind", "材料类型无效", field="kind", rule="INST-02")
    cap = rules().filing_attachment_max_mb
    if not data:
        raise DomainError("attachment_empty", "请选择要上传的文件", field="file", rule="INST-02")
    if len(data) > cap * 1024 * 1024:
        raise DomainError(
            "attachment_size", f"单个材料不能超过{cap}MB", field="file", rule="INST-02"
        )
    content_type = _content_type(data, "file")
    name = (name or "材料").replace("\x00", "").strip()[-200:] or "材料"
    attachment = FilingAttachment(
        application=application,
        kind=kind,
        name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save(
        f"{attachment.sha256[:16]}.bin", ContentFile(crypto.encrypt_bytes(data)), save=False
    )
    attachment.save()
    audit_record(
        actor=actor,
        action="filing.attachment_add",
        obj=application,
        after={"kind": kind, "name": name, "sha256": attachment.sha256},
        institution_id=application.institution_id,
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: FilingAttachment) -> None:
    application = _editable(attachment.application)
    audit_record(
        actor=actor,
        action="filing.attachment_remove",
        obj=application,
        before={"kind": attachment.kind, "name": attachment.name, "sha256": attachment.sha256},
        institution_id=application.institution_id,
    )
    transaction.on_commit(lambda name=attachment.file.name: attachment.file.storage.delete(name))
    attachment.delete()


def attachment_bytes(attachment: FilingAttachment) -> bytes:
    with attachment.file.open("rb") as fh:
        return crypto.decrypt_bytes(fh.read())


# --- commitment (INST-15) ----------------------------------------------------------------------
