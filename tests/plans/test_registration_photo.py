"""PLAN-06 photo: JPEG/PNG by content, ≤ 2 MB, ≥ 295×413, cropped to 25:35 and 295×413 JPEG."""

import io
import os

import pytest
from PIL import Image

from skillcert.core.crypto import decrypt_bytes
from skillcert.core.errors import DomainError
from skillcert.people.photos import HEIGHT, WIDTH, photo_bytes, photo_normalise, photo_set
from skillcert.people.services import person_get_or_create
from tests import factories as f

from .test_registration_support import image_bytes


def test_plan06_png_becomes_1inch_jpeg():
    out = photo_normalise(image_bytes((1000, 1000), "PNG"))
    with Image.open(io.BytesIO(out)) as im:
        assert im.format == "JPEG"
        assert im.size == (WIDTH, HEIGHT)


def test_plan06_centre_crop_keeps_the_middle():
    # A wide picture: red left/right bands, a green middle; the crop keeps only green.
    im = Image.new("RGB", (1200, 600), (255, 0, 0))
    im.paste((0, 255, 0), (300, 0, 900, 600))
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    with Image.open(io.BytesIO(photo_normalise(buf.getvalue()))) as out:
        for x in (2, WIDTH // 2, WIDTH - 3):
            r, g, _ = out.getpixel((x, HEIGHT // 2))
            assert g > 200 and r < 60


def test_plan06_too_small_image_refused():
    with pytest.raises(DomainError) as exc:
        photo_normalise(image_bytes((200, 300), "JPEG"))
    assert exc.value.code == "photo_too_small"
    assert "200×300" in exc.value.message and "295×413" in exc.value.message
    assert exc.value.field == "photo"


def test_plan06_text_file_named_jpg_refused():
    with pytest.raises(DomainError) as exc:
        photo_normalise("这不是图片，只是改了扩展名的文本 photo.jpg".encode())
    assert exc.value.code == "photo_format"
    assert "JPEG或PNG" in exc.value.message


def test_plan06_other_real_format_refused():
    with pytest.raises(DomainError) as exc:
        photo_normalise(image_bytes((400, 600), "GIF"))
    assert exc.value.code == "photo_format"
    assert "GIF" in exc.value.message


def test_plan06_over_2mb_refused():
    noise = Image.frombytes("RGB", (1200, 1200), os.urandom(1200 * 1200 * 3))
    buf = io.BytesIO()
    noise.save(buf, format="PNG")
    assert len(buf.getvalue()) > 2 * 1024 * 1024
    with pytest.raises(DomainError) as exc:
        photo_normalise(buf.getvalue())
    assert exc.value.code == "photo_too_large"
    assert "2MB" in exc.value.message


@pytest.mark.django_db
def test_plan06_photo_saved_on_person(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = person_get_or_create(name="李四", id_type="resident", id_number=f.resident_id(seq=601))
    photo_set(person=person, data=image_bytes((600, 900), "PNG"))
    person.refresh_from_db()
    # Issue 16 item 14: stored sealed (not a JPEG on disk), read back through photo_bytes.
    assert person.photo.name.endswith(".jpg.sealed")
    with person.photo.open("rb") as fh:
        stored = fh.read()
    assert not stored.startswith(b"\xff\xd8") and decrypt_bytes(stored)
    with Image.open(io.BytesIO(photo_bytes(person))) as im:
        assert im.format == "JPEG" and im.size == (WIDTH, HEIGHT)
