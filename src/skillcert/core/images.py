"""Pictures from uploads (photos, evidence): refuse a pixel bomb before anything is decoded.

`Image.open` reads only the header, so the declared size is known before a single pixel is
decoded; a tiny file declaring 20000×20000 pixels would otherwise take gigabytes in
`load()` (or make Pillow raise DecompressionBombError, a 500). The cap is
`settings.UPLOAD_MAX_PIXELS`. Every upload that Pillow opens goes through `image_open`.
"""

import io

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from .errors import DomainError

# What Pillow raises for a file that is not a readable picture.
BROKEN = (UnidentifiedImageError, OSError, SyntaxError, ValueError)


def _too_many(label: str, field: str, rule: str, size: tuple[int, int] | None) -> DomainError:
    cap = settings.UPLOAD_MAX_PIXELS // 1_000_000
    declared = f"为{size[0]}×{size[1]}像素，" if size else "的像素"
    return DomainError(
        "image_too_many_pixels",
        f"{label}{declared}超过{cap}百万像素的上限，请缩小后重新上传",
        field=field,
        rule=rule,
    )


def image_open(
    data: bytes, *, field: str, label: str, rule: str = "", broken: DomainError | None = None
) -> Image.Image:
    """The opened, not yet decoded picture. DomainError naming `label` if it declares more
    pixels than the cap, or `broken` (default: a generic one) if Pillow cannot read it."""
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:  # beyond Pillow's own limit, refused from the header
        raise _too_many(label, field, rule, None) from None
    except BROKEN:
        raise broken or DomainError(
            "image_broken", f"{label}不是有效的图片，无法打开", field=field, rule=rule
        ) from None
    w, h = image.size
    if w * h > settings.UPLOAD_MAX_PIXELS:
        raise _too_many(label, field, rule, (w, h))
    return image
