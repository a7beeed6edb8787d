"""Issue 16 item 14: photos are sealed at rest, decrypted only where shown, and a refused
applicant's photo is deleted (audited) unless another live registration needs it."""

import io
from datetime import date

import pytest
from PIL import Image

from skillcert.core.audit import audit_verify
from skillcert.core.models import AuditEntry
from skillcert.people.photos import photo_bytes
from skillcert.plans.registration.services import registration_apply, registrations_decide
from tests.plans.test_registration_support import announced_sitting, candidate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _apply(sitting, person):
    return registration_apply(
        actor=person.user,
        sitting=sitting,
        person=person,
        school_level="secondary",
        graduating_year=2026,
        day=date(2026, 5, 1),
    )


def test_refused_applicant_photo_is_deleted_and_audited_PLAN_08_item14(
    institution, staff, django_capture_on_commit_callbacks
):
    """Issue 16 item 14 (PLAN-08): refusing the only application deletes the photo file and
    writes person.photo_delete; an approved applicant keeps theirs."""
    sitting = announced_sitting(institution)
    refused, kept = candidate(901)[0], candidate(902)[0]
    r1, r2 = _apply(sitting, refused), _apply(sitting, kept)
    path = refused.photo.path
    with django_capture_on_commit_callbacks(execute=True):
        registrations_decide(
            actor=staff,
            institution=institution,
            registration_ids=[r1.pk],
            approve=False,
            reason="材料不全",
        )
        registrations_decide(
            actor=staff, institution=institution, registration_ids=[r2.pk], approve=True
        )
    refused.refresh_from_db()
    kept.refresh_from_db()
    assert not refused.photo and not __import__("os").path.exists(path)
    assert kept.photo and photo_bytes(kept)
    entry = AuditEntry.objects.get(action="person.photo_delete")
    assert entry.object_id == str(refused.pk) and entry.institution_id == institution.pk
    assert audit_verify().ok


def test_refusal_keeps_the_photo_another_live_registration_needs_item14(institution, staff):
    """Issue 16 item 14: the same person approved in another sitting keeps the photo (their
    ticket and certificate print it)."""
    first, second = announced_sitting(institution), announced_sitting(institution)
    person = candidate(903)[0]
    r1 = _apply(first, person)
    registrations_decide(
        actor=staff, institution=institution, registration_ids=[r1.pk], approve=True
    )
    r2 = _apply(second, person)
    registrations_decide(
        actor=staff,
        institution=institution,
        registration_ids=[r2.pk],
        approve=False,
        reason="级别不符",
    )
    person.refresh_from_db()
    assert person.photo
    assert not AuditEntry.objects.filter(action="person.photo_delete").exists()


def test_old_clear_photo_is_still_read_item14(institution):
    """Issue 16 item 14: photos stored before sealing (clear JPEG files) still show."""
    from django.core.files.base import ContentFile

    person = candidate(904, with_photo=False)[0]
    buf = io.BytesIO()
    Image.new("RGB", (10, 14), (1, 2, 3)).save(buf, "JPEG")
    person.photo.save("old.jpg", ContentFile(buf.getvalue()), save=True)
    assert photo_bytes(person) == buf.getvalue()


def test_review_photo_page_serves_the_decrypted_jpeg_item14(client, institution, staff):
    """Issue 16 item 14: the review queue shows the sealed photo as a real JPEG."""
    sitting = announced_sitting(institution)
    reg = _apply(sitting, candidate(905)[0])
    client.force_login(staff)
    r = client.get(f"/i/{institution.pk}/sittings/{sitting.pk}/review/{reg.pk}/photo.jpg")
    assert r.status_code == 200
    with Image.open(io.BytesIO(r.content)) as im:
        assert im.format == "JPEG"
