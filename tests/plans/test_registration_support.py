"""Builders shared by the registration tests (no tests here)."""

import io
from datetime import date

from django.utils import timezone
from PIL import Image

from skillcert.people.photos import photo_set
from skillcert.people.services import person_get_or_create
from skillcert.plans.models import Announcement, Sitting
from skillcert.plans.services import sitting_create
from tests import factories as f


def image_bytes(size=(600, 800), fmt="PNG", color=(200, 30, 30)) -> bytes:
    """A real image made by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def announced_sitting(
    institution, *, level=4, mode="process", job_type="数控车床", theory_on=date(2026, 6, 1)
) -> Sitting:
    """A sitting inside the sample scope with a published announcement (PLAN-02)."""
    sitting = sitting_create(
        actor=None,
        institution=institution,
        name=f"{level}级{mode}批次",
        occupation=f.occupation(),
        job_type=f.job_type(job_type) if job_type else None,
        level=level,
        mode=mode,
        theory_on=theory_on,
    )
    Announcement.objects.create(
        institution=institution,
        sitting=sitting,
        title=f"{sitting.name}公告",
        content="内容",
        method="方式",
        registration_place="教务处",
        registration_period="即日起",
        registration_how="网上报名",
        conditions="条件",
        fees="无",
        subjects="理论、技能",
        times_places="见通知",
        status=Announcement.PUBLISHED,
        published_at=timezone.now(),
    )
    return sitting


def candidate(seq: int, *, name=None, with_photo=True, username=None):
    """A person with an account (a candidate) and, by default, a normalised photo."""
    person = person_get_or_create(
        name=name or f"考生{seq}", id_type="resident", id_number=f.resident_id(seq=seq)
    )
    user = f.user(username or f"cand{seq}")
    person.user = user
    person.save(update_fields=["user"])
    if with_photo:
        photo_set(person=person, data=image_bytes())
    return person, user
