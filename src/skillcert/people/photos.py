"""The candidate's 1-inch photo (PLAN-06, ARR-02, CERT-03): JPEG or PNG, checked by content.

The format is read by Pillow from the bytes, never from the file name. The picture is
centre-cropped to the 1-inch ratio 25:35 and resized to 295×413 pixels, then stored as JPEG.
"""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from skillcert.core.errors import DomainError

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
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _error(
            "photo_format", "照片不是有效的JPEG或PNG图片，请上传JPG或PNG格式的照片"
        ) from None
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
    """Store the normalised photo as the person's 1-inch photo (JPEG)."""
    jpeg = photo_normalise(data)
    old = person.photo.name if person.photo else ""
    person.photo.save(f"person-{person.pk}.jpg", ContentFile(jpeg), save=False)
    person.save(update_fields=["photo"])
    if old and old != person.photo.name:
        storage = person.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    return person
