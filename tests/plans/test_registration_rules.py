"""Candidate applications and review by rule: PLAN-04..09, VIOL-04, audited (REC-09)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.core.audit import audit_verify
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.plans.models import Registration
from skillcert.plans.registration.bans import ban_add
from skillcert.plans.registration.services import (
    registration_apply,
    registration_findings,
    registrations_decide,
)
from skillcert.plans.registration.signup import candidate_sign_up
from tests import factories as f

from .test_registration_support import announced_sitting, candidate

DAY = date(2026, 5, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def apply(sitting, person, **kw):
    kw.setdefault("school_level", "secondary")
    kw.setdefault("graduating_year", 2026)
    kw.setdefault("day", DAY)
    return registration_apply(actor=person.user, sitting=sitting, person=person, **kw)


# --- sign-up ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_up_links_user_to_person_and_never_links_a_second_account():
    """A new ID gets a new person linked to the account. A second sign-up with the same ID
    used to be refused ("该证件号码已注册账号"), which told anyone the ID was on file; since
    issue 16 item 2 (PEOPLE-01) it gets an account that is not linked to the person."""
    number = f.resident_id(seq=701)
    user = candidate_sign_up(
        username="wang",
        password="pw-Secret-123",
        name="王五",
        id_type="resident",
        id_number=number,
        phone="13800000000",
    )
    assert user.person.name == "王五" and user.check_password("pw-Secret-123")
    assert number not in user.person.id_masked
    second = candidate_sign_up(
        username="wang2",
        password="pw-Secret-123",
        name="王五",
        id_type="resident",
        id_number=number,
    )
    assert not hasattr(second, "person")
    user.refresh_from_db()
    assert user.person.name == "王五"


@pytest.mark.django_db
def test_sign_up_refuses_bad_id_number_pepole01():
    with pytest.raises(DomainError) as exc:
        candidate_sign_up(
            username="zhao",
            password="pw-Secret-123",
            name="赵六",
            id_type="resident",
            id_number="410102200405120001",
        )
    assert exc.value.field == "id_number" and "校验位" in exc.value.message


# --- PLAN-04 / PLAN-05 ----------------------------------------------------------------------


@pytest.mark.django_db
def test_plan04_apply_creates_pending_registration(institution):
    sitting = announced_sitting(institution)  # process mode, level 4
    person, _ = candidate(501)
    reg = apply(sitting, person)
    assert reg.status == Registration.PENDING
    entry = AuditEntry.objects.get(action="registration.apply", object_id=str(reg.pk))
    assert entry.after["status"] == "pending"
    assert audit_verify().ok


@pytest.mark.django_db
def test_plan04_exam_mode_secondary_student_refused_level_3(institution):
    sitting = announced_sitting(institution, level=3, mode="exam")
    person, _ = candidate(502)
    with pytest.raises(DomainError) as exc:
        apply(sitting, person, school_level="secondary", graduating_year=2026)
    assert exc.value.rule == "PLAN-04"
    assert "最高可申报" in exc.value.message
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_plan05_staff_title_years(institution):
    sitting = announced_sitting(institution, level=2, mode="exam")
    person, _ = candidate(503)
    cert = SimpleUploadedFile("cert.pdf", b"%PDF-1.4 cert")
    with pytest.raises(DomainError) as exc:
        apply(
            sitting,
            person,
            school_level="",
            graduating_year=None,
            staff_title="initial",
            title_years=2,
            previous_certificate=cert,
        )
    assert exc.value.rule == "PLAN-05"
    cert = SimpleUploadedFile("cert.pdf", b"%PDF-1.4 cert")
    reg = apply(
        sitting,
        person,
        school_level="",
        graduating_year=None,
        staff_title="initial",
        title_years=3,
        previous_certificate=cert,
    )
    assert reg.status == Registration.PENDING and reg.previous_certificate


# --- PLAN-06 ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_plan06_absence_over_one_third_loses_eligibility(institution):
    sitting = announced_sitting(institution)
    person, _ = candidate(504)
    with pytest.raises(DomainError) as exc:
        apply(sitting, person, absence_share=Decimal(11) / Decimal(30))
    assert exc.value.rule == "PLAN-06" and "1/3" in exc.value.message
    reg = apply(sitting, person, absence_share=Decimal(10) / Decimal(30))  # exactly 1/3 is kept
    assert reg.status == Registration.PENDING


@pytest.mark.django_db
def test_plan06_photo_required(institution):
    sitting = announced_sitting(institution)
    person, _ = candidate(505, with_photo=False)
    with pytest.raises(DomainError) as exc:
        apply(sitting, person)
    assert exc.value.rule == "PLAN-06" and exc.value.field == "photo"


@pytest.mark.django_db
def test_plan06_previous_certificate_for_higher_level(institution):
    sitting = announced_sitting(institution, level=2, mode="exam")
    person, _ = candidate(506)
    with pytest.raises(DomainError) as exc:
        apply(sitting, person, school_level="", graduating_year=None, staff_title="senior")
    assert exc.value.rule == "PLAN-06" and exc.value.field == "previous_certificate"


# --- PLAN-07 ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_plan07_outside_scope_refused(institution):
    sitting = announced_sitting(institution)
    row = institution.scope_rows.get(job_type__name="数控车床")
    row.levels = "321"  # level 4 leaves the filed scope after the sitting was made
    row.save()
    person, _ = candidate(507)
    with pytest.raises(DomainError) as exc:
        apply(sitting, person)
    assert exc.value.rule == "PLAN-07"


# --- PLAN-09 / VIOL-04 bans -------------------------------------------------------------------


@pytest.mark.django_db
def test_plan09_ban_names_rule_and_end_date(institution):
    sitting = announced_sitting(institution)
    person, _ = candidate(508)
    ban_add(
        actor=None,
        person=person,
        institution=None,
        reason="证书被吊销",
        rule="PLAN-09",
        until=date(2027, 3, 1),
    )
    with pytest.raises(DomainError) as exc:
        apply(sitting, person)
    assert exc.value.rule == "PLAN-09"
    assert "2027-03-01" in exc.value.message
    assert AuditEntry.objects.filter(action="ban.add").count() == 1


@pytest.mark.django_db
def test_plan09_ban_of_other_institution_or_expired_does_not_bar(institution, other_institution):
    sitting = announced_sitting(institution)
    person, _ = candidate(509)
    ban_add(
        actor=None,
        person=person,
        institution=other_institution,
        reason="x",
        rule="PLAN-09",
        until=date(2030, 1, 1),
    )
    ban_add(
        actor=None,
        person=person,
        institution=None,
        reason="y",
        rule="PLAN-09",
        until=DAY - timedelta(days=1),
    )
    assert apply(sitting, person).status == Registration.PENDING


@pytest.mark.django_db
def test_plan09_revoked_certificate_bars_two_years(institution):
    from skillcert.certificates.services import certificate_void

    old_sitting = f.sitting(institution, level=4)
    reg = f.registrations_with_results(old_sitting, 1)[0]
    person = reg.person
    from skillcert.certificates.models import Certificate, IssueRegister

    register = IssueRegister.objects.create(institution=institution, sitting=old_sitting)
    cert = Certificate.objects.create(
        number="Y000041019001251000001",
        institution=institution,
        register=register,
        registration=reg,
        person=person,
        holder_name=person.name,
        id_type="resident",
        id_masked=person.id_masked,
        occupation_code="6-18-01-01",
        occupation_name="车工",
        level=4,
        issuer_name=institution.name,
        issued_on=date(2025, 7, 1),
    )
    certificate_void(actor=None, certificate=cert, reason="以欺骗手段取得，予以撤销")
    sitting = announced_sitting(institution)
    verdict = registration_findings(sitting=sitting, person=person, school_level="secondary")
    assert "PLAN-09" in [x.rule for x in verdict.findings]
    assert any(cert.number in x.message for x in verdict.findings)
    later = registration_findings(
        sitting=sitting,
        person=person,
        school_level="secondary",
        day=date.today() + timedelta(days=2 * 366),
    )
    assert "PLAN-09" not in [x.rule for x in later.findings]


@pytest.mark.django_db
def test_viol04_ban_until_graduation(institution):
    sitting = announced_sitting(institution)
    person, _ = candidate(510)
    ban_add(
        actor=None,
        person=person,
        institution=institution,
        reason="替考",
        rule="VIOL-04",
        graduation_on=date(2026, 7, 1),
    )
    with pytest.raises(DomainError) as exc:
        apply(sitting, person)
    assert exc.value.rule == "VIOL-04" and "毕业" in exc.value.message


# --- PLAN-08 review ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_plan08_reject_needs_reason_and_bulk_decisions_audited(institution, staff):
    sitting = announced_sitting(institution)
    regs = [apply(sitting, candidate(520 + i)[0]) for i in range(3)]
    ids = [r.pk for r in regs]
    with pytest.raises(DomainError) as exc:
        registrations_decide(
            actor=staff, institution=institution, registration_ids=ids, approve=False, reason=" "
        )
    assert exc.value.rule == "PLAN-08" and exc.value.field == "reason"
    registrations_decide(
        actor=staff,
        institution=institution,
        registration_ids=ids[:2],
        approve=False,
        reason="照片不清晰",
    )
    registrations_decide(
        actor=staff, institution=institution, registration_ids=ids[2:], approve=True
    )
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert [statuses[i] for i in ids] == ["rejected", "rejected", "approved"]
    assert Registration.objects.get(pk=ids[0]).decision_reason == "照片不清晰"
    entries = AuditEntry.objects.filter(action="registration.decide").order_by("id")
    assert [(e.before["status"], e.after["status"]) for e in entries] == [
        ("pending", "rejected"),
        ("pending", "rejected"),
        ("pending", "approved"),
    ]
    assert all(e.actor_id == staff.pk for e in entries)
    with pytest.raises(DomainError) as again:
        registrations_decide(
            actor=staff, institution=institution, registration_ids=ids[:1], approve=True
        )
    assert again.value.code == "already_decided"
    assert audit_verify().ok


@pytest.mark.django_db
def test_plan08_other_institution_registrations_cannot_be_decided(institution, other_institution):
    sitting = announced_sitting(institution)
    reg = apply(sitting, candidate(530)[0])
    with pytest.raises(DomainError):
        registrations_decide(
            actor=None, institution=other_institution, registration_ids=[reg.pk], approve=True
        )
    assert Registration.objects.get(pk=reg.pk).status == Registration.PENDING
