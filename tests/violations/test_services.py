"""Violation rules VIOL-01..06 through the services: effects on scores, certificates, bans,
the audit chain, and no half-written records."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from skillcert.certificates.models import Certificate
from skillcert.core.audit import audit_verify
from skillcert.core.crypto import decrypt_bytes
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.plans.models import Ban, Registration
from skillcert.plans.registration.services import registration_apply
from skillcert.scoring.services import ScoreInput, results_set
from skillcert.violations import services
from skillcert.violations.categories import PHONE_RANG_ONLY
from skillcert.violations.models import CorrectionNotice, Violation, ViolationEvidence
from tests import factories as f
from tests.plans.test_registration_support import announced_sitting

from .helpers import issued, jpeg, pdf, record, result_of, scored

pytestmark = pytest.mark.django_db
ZERO = Decimal("0.0")
EIGHTY = Decimal("80.0")


def confirm(actor, violation, **kw):
    return services.violation_confirm(actor=actor, violation=violation, **kw)


# --- VIOL-01: that subject's score cancelled --------------------------------------------------


def test_viol01_cancels_only_that_subject_and_fails(sitting, manager):
    reg = scored(sitting)[0]
    v = record(manager, reg, "v01_leave_seat", "theory")
    assert result_of(reg).theory_score == EIGHTY  # recording alone changes nothing
    confirm(manager, v)
    res = result_of(reg)
    assert res.theory_score == ZERO and res.practical_score == EIGHTY
    assert res.passed is False
    v.refresh_from_db()
    assert v.status == Violation.CONFIRMED and v.confirmed_by == manager
    assert v.rule == "VIOL-01" and v.decision_text == "理论知识考试：取消该科目成绩（VIOL-01）"


def test_viol01_result_change_audited_before_and_after(sitting, manager):
    reg = scored(sitting)[0]
    confirm(manager, record(manager, reg, "v01_disturb", "practical"))
    entry = AuditEntry.objects.get(action="result.violation")
    assert entry.before["practical"] == "80.0" and entry.before["passed"] is True
    assert entry.after["practical"] == "0.0" and entry.after["passed"] is False
    assert entry.after["rule"] == "VIOL-01" and entry.actor_id == manager.pk
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"violation.record", "violation.confirm", "result.violation"} <= actions
    assert audit_verify().ok


def test_viol01_score_entry_cannot_overwrite_the_cancelled_subject(sitting, manager):
    """Scoring (the sheet, the API, a panel's summary all use results_set) keeps what the
    confirmed violation decided, and still lets the other subject be corrected."""
    reg = scored(sitting)[0]
    f.on_plan(sitting, manager)  # issue 16 item 28: the plan names who enters scores
    confirm(manager, record(manager, reg, "v01_leave_seat", "theory"))
    with pytest.raises(DomainError) as err:
        results_set(actor=manager, sitting=sitting, items=[ScoreInput(reg.pk, EIGHTY, EIGHTY)])
    assert err.value.rule == "VIOL-01" and "理论知识" in err.value.message
    assert result_of(reg).theory_score == ZERO
    results_set(actor=manager, sitting=sitting, items=[ScoreInput(reg.pk, ZERO, Decimal(75))])
    res = result_of(reg)
    assert res.theory_score == ZERO and res.practical_score == Decimal(75)
    assert res.passed is False


# --- VIOL-02 / VIOL-06: cheating in that subject scores 0 ------------------------------------


def test_viol02_cheating_scores_zero_in_that_subject(sitting, manager):
    reg = scored(sitting)[0]
    confirm(manager, record(manager, reg, "v02_copy", "practical"))
    res = result_of(reg)
    assert res.practical_score == ZERO and res.theory_score == EIGHTY and res.passed is False


def test_viol02_per_subject_rule_needs_the_subject(sitting, manager):
    reg = scored(sitting)[0]
    with pytest.raises(DomainError) as exc:
        record(manager, reg, "v02_whisper", "")
    assert exc.value.field == "subject" and exc.value.rule == "VIOL-02"
    assert not Violation.objects.exists()


def test_viol06_ring_or_vibration_only_is_refused(sitting, manager):
    reg = scored(sitting)[0]
    with pytest.raises(DomainError) as exc:
        record(manager, reg, PHONE_RANG_ONLY, "theory")
    assert exc.value.rule == "VIOL-06" and "不视为作弊" in exc.value.message
    assert not Violation.objects.exists()
    assert result_of(reg).theory_score == EIGHTY


def test_viol06_phone_not_stored_and_suspected_use_scores_zero(sitting, manager):
    reg = scored(sitting)[0]
    v = record(manager, reg, "v06_phone_use", "theory")
    assert v.rule == "VIOL-06"
    confirm(manager, v)
    res = result_of(reg)
    assert res.theory_score == ZERO and res.practical_score == EIGHTY and res.passed is False


# --- VIOL-03: all subjects cancelled -----------------------------------------------------------


def test_viol03_cancels_every_subject_whatever_subject_was_given(sitting, manager):
    reg = scored(sitting)[0]
    v = record(manager, reg, "v03_device", "theory")
    assert v.subject == Violation.ALL
    confirm(manager, v)
    res = result_of(reg)
    assert res.theory_score == ZERO and res.practical_score == ZERO and res.passed is False
    assert not Ban.objects.exists()


def test_viol03_before_scores_exist_stores_a_failed_result(sitting, manager, enrol):
    reg = enrol(sitting, 1)[0]  # no Result yet: the violation happened in the theory exam
    confirm(manager, record(manager, reg, "v03_take_items"))
    res = result_of(reg)
    assert res.passed is False and res.theory_score == ZERO and res.practical_score == ZERO
    assert AuditEntry.objects.get(action="result.violation").before is None


# --- VIOL-04: all cancelled and barred until graduation ------------------------------------------


def test_viol04_bars_until_graduation_and_registration_is_refused(
    sitting, manager, other_institution
):
    reg = scored(sitting)[0]
    reg.graduating_year, reg.school_level = 2030, "secondary"
    reg.save()
    v = confirm(manager, record(manager, reg, "v04_impersonation"))
    res = result_of(reg)
    assert res.theory_score == ZERO and res.practical_score == ZERO and res.passed is False
    ban = v.ban
    assert ban.rule == "VIOL-04" and ban.institution is None and ban.registration == reg
    assert ban.graduation_on == date(2030, 7, 31) and ban.until is None
    assert Registration.objects.get(pk=reg.pk).status == Registration.APPROVED
    # A new application, at any institution, is refused with the rule and the end date.
    later = announced_sitting(other_institution)
    person = reg.person
    user = f.user("banned_candidate")
    person.user = user
    person.save(update_fields=["user"])
    from skillcert.people.photos import photo_set

    photo_set(person=person, data=jpeg((400, 560)))
    with pytest.raises(DomainError) as exc:
        registration_apply(actor=user, sitting=later, person=person, school_level="secondary")
    assert exc.value.rule == "VIOL-04"
    assert "毕业（2030-07-31）" in exc.value.message


def test_viol04_false_material_also_cancels_the_registration(sitting, manager):
    reg = scored(sitting)[0]
    reg.graduating_year = 2030
    reg.save()
    confirm(manager, record(manager, reg, "v04_false_material"))
    reg.refresh_from_db()
    assert reg.status == Registration.CANCELLED and "VIOL-04" in reg.decision_reason
    entry = AuditEntry.objects.get(action="registration.cancel_violation")
    assert entry.before["status"] == "approved" and entry.after["status"] == "cancelled"


def test_viol04_student_without_graduating_year_needs_a_date(sitting, manager):
    reg = scored(sitting)[0]
    reg.school_level, reg.graduating_year = "secondary", None
    reg.save()
    v = record(manager, reg, "v04_organised")
    with pytest.raises(DomainError) as exc:
        confirm(manager, v)
    assert exc.value.field == "graduation_on" and exc.value.rule == "VIOL-04"
    # Nothing was applied: scores, bans and the record are as before.
    assert result_of(reg).theory_score == EIGHTY and not Ban.objects.exists()
    assert Violation.objects.get(pk=v.pk).status == Violation.RECORDED
    day = timezone.localdate() + timedelta(days=400)
    confirm(manager, v, graduation_on=day)
    assert Ban.objects.get().graduation_on == day


def test_viol04_non_student_is_barred_the_configured_years(sitting, manager, settings):
    reg = scored(sitting)[0]  # no school level, no graduating year: a social candidate
    settings.SKILLCERT_RULES = {"viol04_ban_years_no_graduation": 3}
    today = date(2026, 3, 1)
    v = services.violation_confirm(
        actor=manager, violation=record(manager, reg, "v04_seize"), today=today
    )
    assert v.ban.until == date(2029, 3, 1) and v.ban.graduation_on is None


# --- VIOL-05: found after issue ---------------------------------------------------------


def test_viol05_after_issue_voids_certificate_and_notes_correction(client, sitting, manager):
    cert = issued(sitting, 1)[0]
    reg = cert.registration
    v = record(manager, reg, "v03_device")
    assert v.found_after_sitting is True  # a certificate exists: found after the sitting
    confirm(manager, v)
    cert.refresh_from_db()
    assert cert.status == Certificate.VOID and "VIOL-03" in cert.void_reason
    # Scores change even though a certificate exists (results_set would refuse; see services).
    assert result_of(reg).passed is False and result_of(reg).theory_score == ZERO
    notice = CorrectionNotice.objects.get()
    assert notice.certificate_number == cert.number and notice.violation == v
    assert notice.sent is False
    assert AuditEntry.objects.filter(action="certificate.void").count() == 1
    # Public verification shows it void (CERT-06: kept on record).
    page = client.post(reverse("verify"), {"number": cert.number, "name": cert.holder_name})
    assert "已作废" in page.content.decode()
    services.correction_notices_mark_sent(
        actor=manager, institution=sitting.institution, notice_ids=[notice.pk]
    )
    notice.refresh_from_db()
    assert notice.sent and notice.sent_by == manager


def test_item9_cert08_violation_void_yields_one_notice_not_two(sitting, manager):
    """Issue 16 item 9 (CERT-08, VIOL-05): the violation path now goes through the void's
    hook like every other path: still exactly one notice (and one audit entry), linked to the
    violation, with the violation as its basis."""
    cert = issued(sitting, 1)[0]
    v = record(manager, cert.registration, "v03_device")
    confirm(manager, v)
    (notice,) = CorrectionNotice.objects.all()
    assert notice.certificate_number == cert.number and notice.violation == v
    assert notice.basis == {"violation": v.pk, "rule": v.rule}
    assert "VIOL-03" in notice.basis_label
    assert AuditEntry.objects.filter(action="correction_notice.create").count() == 1
    assert audit_verify().ok


def test_item9_cert08_any_void_yields_one_correction_notice(sitting, manager):
    """Issue 16 item 9 (CERT-08): a void by any other path through certificate_void (here the
    institution's own void, CERT-06) also corrects the data sent upward: one notice."""
    from skillcert.certificates.services import certificate_void

    cert = issued(sitting, 1)[0]
    certificate_void(actor=manager, certificate=cert, reason="证书信息有误，收回作废")
    (notice,) = CorrectionNotice.objects.all()
    assert notice.certificate_number == cert.number and notice.violation is None
    assert notice.reason == "证书信息有误，收回作废" and notice.basis == {}
    assert notice.institution_id == cert.institution_id


def test_viol05_failure_after_void_leaves_nothing_half_done(sitting, manager, monkeypatch):
    cert = issued(sitting, 1)[0]
    reg = cert.registration
    reg.graduating_year = 2030
    reg.save()
    v = record(manager, reg, "v04_items_leak")
    entries = AuditEntry.objects.count()

    def broken(**kw):
        raise DomainError("boom", "禁考登记失败")

    monkeypatch.setattr(services.confirm, "ban_add", broken)
    with pytest.raises(DomainError):
        confirm(manager, v)
    cert.refresh_from_db()
    assert cert.status == Certificate.VALID
    assert result_of(reg).passed is True and not CorrectionNotice.objects.exists()
    assert Violation.objects.get(pk=v.pk).status == Violation.RECORDED
    assert AuditEntry.objects.count() == entries


# --- lifecycle -----------------------------------------------------------------------------------


def test_confirmed_violation_cannot_be_confirmed_again_or_withdrawn(sitting, manager):
    """VIOL-01: a confirmed decision changes only through an appeal (SCORE-05)."""
    reg = scored(sitting)[0]
    v = confirm(manager, record(manager, reg, "v01_other", "theory"))
    with pytest.raises(DomainError):
        confirm(manager, v)
    with pytest.raises(DomainError) as exc:
        services.violation_withdraw(actor=manager, violation=v, reason="申诉")
    assert "申诉" in exc.value.message


def test_withdrawn_before_confirmation_changes_no_score(sitting, manager):
    """VIOL-02: withdrawn before confirmation, the score stays."""
    reg = scored(sitting)[0]
    v = record(manager, reg, "v02_copy", "theory")
    with pytest.raises(DomainError):
        services.violation_withdraw(actor=manager, violation=v, reason="  ")
    services.violation_withdraw(actor=manager, violation=v, reason="经核实系误记")
    with pytest.raises(DomainError):
        confirm(manager, v)
    assert result_of(reg).theory_score == EIGHTY
    assert AuditEntry.objects.get(action="violation.withdraw").after["status"] == "withdrawn"


def test_record_refuses_future_time_empty_notes_and_unknown_category(sitting, manager):
    """VIOL-01..06: bad input is refused naming the field; nothing is stored."""
    reg = scored(sitting)[0]
    with pytest.raises(DomainError) as exc:
        record(manager, reg, "v01_other", "theory", occurred_at=timezone.now() + timedelta(days=1))
    assert exc.value.field == "occurred_at"
    with pytest.raises(DomainError) as exc:
        record(manager, reg, "v01_other", "theory", notes="  ")
    assert exc.value.field == "notes"
    with pytest.raises(DomainError) as exc:
        record(manager, reg, "made_up", "theory")
    assert exc.value.field == "category"
    assert not Violation.objects.exists()


def test_record_refuses_a_registration_not_approved(sitting, manager):
    """VIOL-01..06 / PLAN-08: only approved candidates sat and can be recorded."""
    reg = scored(sitting, status=Registration.PENDING)[0]
    with pytest.raises(DomainError) as exc:
        record(manager, reg, "v01_other", "theory")
    assert exc.value.field == "registration"


# --- evidence ---------------------------------------------------------------------------------


def test_evidence_is_sealed_at_rest_and_typed_from_content(sitting, manager):
    """VIOL-02 evidence: typed from the bytes, sealed with AES-GCM at rest."""
    reg = scored(sitting)[0]
    photo, doc = jpeg(), pdf()
    v = record(
        manager,
        reg,
        "v02_pass_material",
        "theory",
        evidence=[("纸条.jpg", photo), ("记录.pdf", doc)],
    )
    rows = list(ViolationEvidence.objects.filter(violation=v))
    assert [r.content_type for r in rows] == ["image/jpeg", "application/pdf"]
    stored = rows[0].file.read()
    assert stored != photo and photo not in stored
    assert decrypt_bytes(stored) == photo


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("照片.jpg", b"MZ\x90\x00 not a picture", "evidence_type"),
        ("坏图.jpg", b"\xff\xd8\xff" + b"\x00" * 50, "evidence_type"),
        ("空.png", b"", "evidence_empty"),
        ("大.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "evidence_too_large"),
    ],
)
def test_bad_evidence_refused_and_nothing_written(sitting, manager, _media, name, data, code):
    """VIOL-01 evidence: wrong type, broken picture, empty or >10MB file refused, all or
    nothing (the good file in the same request is not kept either)."""
    reg = scored(sitting)[0]
    with pytest.raises(DomainError) as exc:
        record(manager, reg, "v01_other", "theory", evidence=[("好.jpg", jpeg()), (name, data)])
    assert exc.value.code == code and exc.value.field == "evidence"
    assert name in exc.value.message
    assert not Violation.objects.exists() and not ViolationEvidence.objects.exists()
    assert not any(p.is_file() for p in _media.rglob("*")) if _media.exists() else True


def test_evidence_files_removed_when_the_transaction_fails(sitting, manager, _media, monkeypatch):
    """VIOL-01: a failure after the files were written leaves no file and no row."""
    reg = scored(sitting)[0]

    def broken(**kw):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services.records, "audit_record", broken)
    with pytest.raises(RuntimeError):
        record(manager, reg, "v01_other", "theory", evidence=[("好.jpg", jpeg())])
    assert not Violation.objects.exists()
    assert not [p for p in _media.rglob("*") if p.is_file()]


def test_evidence_count_is_limited(sitting, manager):
    """VIOL-01 evidence: at most 10 files per violation."""
    reg = scored(sitting)[0]
    v = record(manager, reg, "v01_other", "theory", evidence=[("a.pdf", pdf())] * 10)
    with pytest.raises(DomainError) as exc:
        services.evidence_add(actor=manager, violation=v, files=[("b.pdf", pdf())])
    assert exc.value.code == "evidence_count"
    assert v.evidence.count() == 10


def test_evidence_picture_declaring_20000x20000_refused_nothing_written_item14(
    sitting, manager, _media
):
    """Issue 16 item 14 (VIOL-01 evidence): a tiny file declaring 20000×20000 pixels was a
    500; now a message naming the file, and nothing is written."""
    from tests.core.test_images import pixel_bomb

    reg = scored(sitting)[0]
    with pytest.raises(DomainError) as exc:
        record(
            manager, reg, "v01_other", "theory", evidence=[("巨图.png", pixel_bomb(20000, 20000))]
        )
    assert exc.value.code == "image_too_many_pixels" and exc.value.field == "evidence"
    assert "巨图.png" in exc.value.message
    assert not Violation.objects.exists() and not ViolationEvidence.objects.exists()
