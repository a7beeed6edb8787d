"""Evidence files of a violation (VIOL-01..06): photos (JPEG, PNG) or documents (PDF), at
most MAX_BYTES each and MAX_FILES per violation. The type is read from the bytes (and
Pillow must open a picture), never from the file name. Files are sealed at rest with
`core.crypto.encrypt_bytes` because they show candidates, their IDs and papers."""

import hashlib
import os
import uuid

from django.core.files.base import ContentFile

from skillcert.core.crypto import decrypt_bytes, encrypt_bytes
from skillcert.core.errors import DomainError
from skillcert.core.images import BROKEN, image_open

MAX_BYTES = 10 * 1024 * 1024  # 10 MB
MAX_FILES = 10
SIGNATURES = [
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
]
ACCEPT = ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"


def _error(code: str, message: str) -> DomainError:
    return DomainError(code, message, field="evidence")


def evidence_check(name: str, data: bytes) -> str:
    """The content type of an acceptable evidence file, or DomainError naming the file."""
    label = os.path.basename(name or "") or "证据文件"
    if not data:
        raise _error("evidence_empty", f"证据文件“{label}”为空")
    if len(data) > MAX_BYTES:
        size = len(data) / 1024 / 1024
        raise _error(
            "evidence_too_large",
            f"证据文件“{label}”为{size:.1f}MB，不能超过{MAX_BYTES // 1024 // 1024}MB",
        )
    kind = next((t for sig, t in SIGNATURES if data.startswith(sig)), None)
    if kind is None:
        raise _error(
            "evidence_type", f"证据文件“{label}”不是JPG、PNG图片或PDF文件，请上传照片或PDF"
        )
    if kind.startswith("image/"):
        bad = _error("evidence_type", f"证据图片“{label}”已损坏，无法打开")
        # The pixel cap is checked from the header before verify() decodes anything.
        try:
            with image_open(data, field="evidence", label=f"证据图片“{label}”", broken=bad) as p:
                p.verify()
        except BROKEN:
            raise bad from None
    return kind


def clean_name(name: str) -> str:
    base = os.path.basename((name or "").replace("\\", "/")).strip() or "evidence"
    return base[-200:]


def sealed_file(data: bytes) -> ContentFile:
    """The sealed bytes under a random name (the original name stays in the row only)."""
    return ContentFile(encrypt_bytes(data), name=f"{uuid.uuid4().hex}.sealed")


def unseal(field_file) -> bytes:
    with field_file.open("rb") as fh:
        return decrypt_bytes(fh.read())


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
