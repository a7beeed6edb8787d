"""CERT-06 / PLAN-09: a voided certificate stays on record as void with its reason and date;
the holder is barred from registering for 2 years; verification and the PDF show it void."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from skillcert.certificates import services
from skillcert.certificates.models import Certificate
from skillcert.certificates.verification import verify_path
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.plans.models import Ban, Registration
from skillcert.plans.registration.services import registration_apply

from .conftest import issue

VOIDED_ON = date(2025, 9, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_cert06_void_keeps_record_reason_date_and_number(sitting, manager):
    (cert,) = issue(sitting, 1, actor=manager)
    services.certificate_void(
        actor=manager, certificate=cert, reason="考试违纪，成绩无效", voided_on=VOIDED_ON
    )
    cert = Certificate.objects.get(pk=cert.pk)
    assert cert.status == Certificate.VOID and cert.void_reason == "考试违纪，成绩无效"
    assert cert.voided_on == VOIDED_ON and cert.holder_name and cert.number
    entry = AuditEntry.objects.get(action="certificate.void")
    assert entry.after["voided_on"] == "2025-09-01"


def test_plan09_void_bars_the_holder_for_two_years(sitting, manager):
    (cert,) = issue(sitting, 1, actor=manager)
    services.certificate_void(actor=manager, certificate=cert, reason="违纪", voided_on=VOIDED_ON)
    ban = Ban.objects.get(person=cert.person)
    assert ban.rule == "PLAN-09" and ban.institution is None  # everywhere
    assert ban.until == date(2027, 8, 31)  # through the day before the 2nd anniversary
    assert cert.number in ban.reason


def test_plan09_ban_years_come_from_the_rule_settings(sitting, manager, settings):
    settings.SKILLCERT_RULES = {"revoked_ban_years": 3}
    (cert,) = issue(sitting, 1, actor=manager)
    services.certificate_void(actor=manager, certificate=cert, reason="违纪", voided_on=VOIDED_ON)
    assert Ban.objects.get(person=cert.person).until == date(2028, 8, 31)


def test_plan09_existing_longer_ban_is_not_duplicated(sitting, manager):
    from skillcert.plans.registration.bans import ban_add

    c1, c2 = issue(sitting, 2, actor=manager)
    ban_add(
        actor=None,
        person=c1.person,
        institution=None,
        reason="已有禁考",
        rule="PLAN-09",
        until=date(2030, 1, 1),
    )
    services.certificate_void(actor=manager, certificate=c1, reason="违纪", voided_on=VOIDED_ON)
    assert Ban.objects.filter(person=c1.person).count() == 1
    services.certificate_void(actor=manager, certificate=c2, reason="违纪", voided_on=VOIDED_ON)
    assert Ban.objects.filter(person=c2.person).count() == 1


def test_plan09_voided_holder_registration_refused_until_ban_ends(institution, sitting, manager):
    """The registration service itself refuses the holder while the ban runs."""
    from skillcert.people.photos import photo_set
    from tests.plans.test_registration_support import announced_sitting, image_bytes

    (cert,) = issue(sitting, 1, actor=manager)
    photo_set(person=cert.person, data=image_bytes())
    today = timezone.localdate()
    services.certificate_void(actor=manager, certificate=cert, reason="考试作弊", voided_on=today)
    new_sitting = announced_sitting(institution)
    # INST-04 (issue 16 item 7): registering in two years needs a filing valid then.
    institution.filed_on = today
    institution.save(update_fields=["filed_on"])
    with pytest.raises(DomainError) as e:
        registration_apply(
            actor=None,
            sitting=new_sitting,
            person=cert.person,
            school_level="secondary",
            graduating_year=2026,
            day=today + timedelta(days=365),
        )
    assert e.value.rule == "PLAN-09" and "考试作弊" in e.value.message
    assert not Registration.objects.filter(sitting=new_sitting).exists()
    ends = Ban.objects.get(person=cert.person).until
    reg = registration_apply(
        actor=None,
        sitting=new_sitting,
        person=cert.person,
        school_level="secondary",
        graduating_year=2026,
        day=ends + timedelta(days=1),
    )
    assert reg.status == Registration.PENDING


def test_cert06_void_date_not_in_future_nor_before_issue(sitting, manager):
    (cert,) = issue(sitting, 1, actor=manager)
    for bad in (timezone.localdate() + timedelta(days=1), cert.issued_on - timedelta(days=1)):
        with pytest.raises(DomainError):
            services.certificate_void(actor=manager, certificate=cert, reason="x", voided_on=bad)
    assert Certificate.objects.get(pk=cert.pk).status == Certificate.VALID
    assert not Ban.objects.exists()


def test_cert06_verification_shows_void_with_date(client, sitting, manager):
    (cert,) = issue(sitting, 1, actor=manager)
    services.certificate_void(actor=manager, certificate=cert, reason="违纪", voided_on=VOIDED_ON)
    body = client.get(verify_path(cert.number)).content.decode()
    assert "已作废" in body and "2025年9月1日作废" in body
    body = client.post(
        reverse("verify"), {"number": cert.number, "name": cert.holder_name}
    ).content.decode()
    assert "已作废" in body and "违纪" not in body  # the reason is not public


def test_cert06_void_certificate_pdf_is_marked_void(client, institution, sitting, manager):
    (cert,) = issue(sitting, 1, actor=manager)
    services.certificate_void(actor=manager, certificate=cert, reason="违纪", voided_on=VOIDED_ON)
    client.force_login(manager)
    pdf = client.get(reverse("certificate_pdf", args=[institution.pk, cert.number])).content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "已作废" in text and "2025年9月1日" in text
