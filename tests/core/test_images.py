"""Issue 16 item 14: an upload declaring a huge picture is refused from its header, before
any pixel is decoded (core/images.py, settings.UPLOAD_MAX_PIXELS)."""

import io
import struct
import zlib

import pytest
from PIL import Image

from skillcert.core.errors import DomainError
from skillcert.core.images import image_open
from skillcert.people.photos import photo_normalise


def pixel_bomb(width: int, height: int, fmt: str = "PNG") -> bytes:
    """A file of a few hundred bytes that declares width×height pixels: a 1×1 picture
    whose header (PNG IHDR, JPEG SOF0) is rewritten, so nothing large is ever made."""
    buf = io.BytesIO()
    Image.new("RGB", (1, 1), (9, 9, 9)).save(buf, format=fmt)
    data = bytearray(buf.getvalue())
    if fmt == "PNG":
        ihdr = data.index(b"IHDR")
        data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
        crc = zlib.crc32(bytes(data[ihdr : ihdr + 17]))
        data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    else:
        sof = data.index(b"\xff\xc0")
        data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_photo_declaring_20000x20000_is_refused_naming_the_field_item14(fmt):
    """Issue 16 item 14 (PLAN-06): the 20000×20000 photo was a 500 (DecompressionBombError)."""
    bomb = pixel_bomb(20000, 20000, fmt)
    assert len(bomb) < 2000
    with pytest.raises(DomainError) as exc:
        photo_normalise(bomb)
    assert exc.value.code == "image_too_many_pixels"
    assert exc.value.field == "photo" and exc.value.rule == "PLAN-06"
    assert "照片" in exc.value.message and "像素" in exc.value.message


def test_cap_from_settings_is_checked_before_decoding_item14(settings):
    """Issue 16 item 14: below Pillow's own limit, our cap still refuses (and names the size)
    without decoding: the 1-pixel payload would fail to decode if it were tried."""
    settings.UPLOAD_MAX_PIXELS = 10_000_000
    with pytest.raises(DomainError) as exc:
        photo_normalise(pixel_bomb(4000, 3000))
    assert exc.value.code == "image_too_many_pixels"
    assert "4000×3000" in exc.value.message and "10百万像素" in exc.value.message
    # Inside the cap the same header opens (size known, nothing decoded yet).
    settings.UPLOAD_MAX_PIXELS = 12_000_000
    assert image_open(pixel_bomb(4000, 3000), field="x", label="图").size == (4000, 3000)
