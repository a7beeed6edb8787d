"""The candidate's 1-inch photo (PLAN-06, ARR-02, CERT-03): JPEG or PNG, checked by content.

The format is read by Pillow from the bytes, never from the file name. The picture is
centre-cropped to the 1-inch ratio 25:35 and resized to 295×413 pixels, then stored as JPEG.
"""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

from skillcert.core.audit import audit_record
from skillcert.core.crypto import decrypt_bytes, encrypt_bytes, is_sealed
from skillcert.core.errors import DomainError
from skillcert.core.images import BROKEN, image_open

from .models import Person

MAX_BYTES = 2 * 1024 * 1024  # 2 MB
WIDTH, HEIGHT = 295, 413  # 1 inch (25 mm × 35 mm) at 300 dpi
FORMATS = {"JPEG", "PNG"}


def _error(code: str, message: str) -> DomainError:
    return DomainError(code, message, field="photo", rule="PLAN-06")


def photo_normalise(data: bytes) -> bytes:
    """Check and convert an uploaded photo; the JPEG bytes, or DomainError naming the cause."""
    if not data:
        raise _error("photo_empty", "照片文件为空，请重新上传")
    if len(data) > MAX_BYTES:
        size = len(data) / 1024 / 1024
        raise _error("photo_too_large", f"照片文件为{size:.1f}MB，不能超过2MB")
    bad = _error("photo_format", "照片不是有效的JPEG或PNG图片，请上传JPG或PNG格式的照片")
    # The pixel cap is checked from the header before verify() or load() decode anything.
    try:
        with image_open(data, field="photo", label="照片", rule="PLAN-06", broken=bad) as probe:
            kind = probe.format
            probe.verify()
        image = image_open(data, field="photo", label="照片", rule="PLAN-06", broken=bad)
        image.load()
    except BROKEN:
        raise bad from None
    if kind not in FORMATS:
        raise _error("photo_format", f"照片格式为{kind}，只接受JPEG或PNG格式")
    image = ImageOps.exif_transpose(image)
    w, h = image.size
    if w < WIDTH or h < HEIGHT:
        raise _error(
            "photo_too_small",
            f"照片尺寸为{w}×{h}像素，至少应为{WIDTH}×{HEIGHT}像素（1寸照片）",
        )
    # Centre-crop to 25:35 (width:height = 5:7), then resize.
    if w * 7 > h * 5:  # too wide
        new_w = h * 5 // 7
        left = (w - new_w) // 2
        box = (left, 0, left + new_w, h)
    else:  # too tall
        new_h = w * 7 // 5
        top = (h - new_h) // 2
        box = (0, top, w, top + new_h)
    image = image.crop(box).convert("RGB").resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


@transaction.atomic
def photo_set(*, person: Person, data: bytes) -> Person:
    """Store the normalised photo (JPEG) sealed like the other personal files: a face with
    a name is personal data, so only pages and PDFs that need it decrypt it."""
    jpeg = photo_normalise(data)
    old = person.photo.name if person.photo else ""
    person.photo.save(
        f"person-{person.pk}.jpg.sealed", ContentFile(encrypt_bytes(jpeg)), save=False
    )
    person.save(update_fields=["photo"])
    if old and old != person.photo.name:
        storage = person.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    return person


def photo_bytes(person: Person) -> bytes | None:
    """The photo as clear JPEG bytes, or None without one. Photos stored before sealing
    are clear files and are still read as they are (replaced sealed at the next upload)."""
    if not person.photo:
        return None
    with person.photo.open("rb") as fh:
        raw = fh.read()
    return decrypt_bytes(raw) if is_sealed(raw) else raw


@transaction.atomic
def photo_discard(*, actor, person: Person, reason: str, institution_id: int | None) -> bool:
    """Delete the person's photo, audited; the file goes once the transaction commits.
    A photo is kept no longer than its purpose (个人信息保护法 §19): see
    `registrations_decide`, which calls this for refused applications (PLAN-08)."""
    if not person.photo:
        return False
    name, storage = person.photo.name, person.photo.storage
    person.photo = ""
    person.save(update_fields=["photo"])
    audit_record(
        actor=actor,
        action="person.photo_delete",
        obj=person,
        before={"photo": name},
        after={"photo": "", "reason": reason},
        institution_id=institution_id,
    )
    transaction.on_commit(lambda: storage.delete(name))
    return True
