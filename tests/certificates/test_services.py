"""CERT-04 issue only to passed candidates from a reviewed register; CERT-06 void stays on
record; REC-09 every step is in the audit chain."""

from datetime import date

import pytest

from skillcert.certificates import services
from skillcert.certificates.models import Certificate, IssueRegister, SerialCounter
from skillcert.core.audit import audit_verify
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.plans.models import Registration
from skillcert.scoring.models import Result
from tests import factories as f

from .conftest import ISSUED_ON, issue


def test_cert04_register_takes_only_passed_and_approved(sitting, manager):
    passed = f.registrations_with_results(sitting, 3)
    f.registrations_with_results(sitting, 2, passed=False)
    f.registrations_with_results(sitting, 1, passed=None)  # not yet decided
    f.registrations_with_results(sitting, 2, status=Registration.REJECTED)
    f.registrations_with_results(sitting, 1, status=Registration.CANCELLED)
    register = services.issue_register_create(actor=manager, sitting=sitting)
    assert register.status == IssueRegister.DRAFT
    assert sorted(register.registrations.values_list("pk", flat=True)) == [r.pk for r in passed]


def test_cert04_register_of_nobody_is_an_error(sitting, manager):
    f.registrations_with_results(sitting, 2, passed=False)
    with pytest.raises(DomainError) as e:
        services.issue_register_create(actor=manager, sitting=sitting)
    assert e.value.rule == "CERT-04" and not IssueRegister.objects.exists()


def test_cert04_candidates_are_not_put_on_two_registers(sitting, manager):
    f.registrations_with_results(sitting, 2)
    services.issue_register_create(actor=manager, sitting=sitting)
    with pytest.raises(DomainError):
        services.issue_register_create(actor=manager, sitting=sitting)
    late = f.registrations_with_results(sitting, 1)
    second = services.issue_register_create(actor=manager, sitting=sitting)
    assert list(second.registrations.values_list("pk", flat=True)) == [late[0].pk]


def test_cert04_unreviewed_register_cannot_issue(sitting, manager):
    f.registrations_with_results(sitting, 2)
    register = services.issue_register_create(actor=manager, sitting=sitting)
    with pytest.raises(DomainError) as e:
        services.issue_register_issue(actor=manager, register=register, issued_on=ISSUED_ON)
    assert e.value.code == "register_not_reviewed" and e.value.rule == "CERT-04"
    assert not Certificate.objects.exists() and not SerialCounter.objects.exists()


def test_cert04_issued_register_cannot_issue_twice(sitting, manager):
    certs = issue(sitting, 2, actor=manager)
    with pytest.raises(DomainError):
        services.issue_register_issue(
            actor=manager, register=certs[0].register, issued_on=ISSUED_ON
        )
    with pytest.raises(DomainError):
        services.issue_register_review(actor=f.colleague(manager), register=certs[0].register)
    assert Certificate.objects.count() == 2


def test_cert04_row_that_failed_after_review_stops_the_issue(sitting, manager):
    """VIOL-05 / CERT-04: a score voided after review must not become a certificate."""
    regs = f.registrations_with_results(sitting, 3)
    register = services.issue_register_create(actor=manager, sitting=sitting)
    services.issue_register_review(actor=f.colleague(manager), register=register)
    Result.objects.filter(registration=regs[1]).update(passed=False)
    with pytest.raises(DomainError) as e:
        services.issue_register_issue(actor=manager, register=register, issued_on=ISSUED_ON)
    assert regs[1].person.name in e.value.message
    assert not Certificate.objects.exists()
    # All or nothing: the serials were not consumed either (CERT-02).
    assert not SerialCounter.objects.filter(last_serial__gt=0).exists()


def test_cert04_issue_date_in_the_future_refused(sitting, manager):
    f.registrations_with_results(sitting, 1)
    register = services.issue_register_create(actor=manager, sitting=sitting)
    services.issue_register_review(actor=f.colleague(manager), register=register)
    with pytest.raises(DomainError):
        services.issue_register_issue(actor=manager, register=register, issued_on=date(2999, 1, 1))


def test_cert03_certificate_snapshots_holder_and_subject(institution, sitting, manager):
    regs = f.registrations_with_results(sitting, 1)
    register = services.issue_register_create(actor=manager, sitting=sitting)
    services.issue_register_review(actor=f.colleague(manager), register=register)
    (cert,) = services.issue_register_issue(actor=manager, register=register, issued_on=ISSUED_ON)
    person = regs[0].person
    assert cert.holder_name == person.name and cert.id_masked == person.id_masked
    assert "*" in cert.id_masked and person.id_number not in cert.id_masked
    assert cert.id_type_label == "居民身份证"
    assert (cert.occupation_code, cert.occupation_name, cert.job_type_name) == (
        "6-18-01-01",
        sitting.occupation.name,
        "数控车床",
    )
    assert cert.level == 4 and cert.issuer_name == institution.name
    assert cert.issued_on == ISSUED_ON and cert.status == Certificate.VALID
    register.refresh_from_db()
    assert register.status == IssueRegister.ISSUED and register.issued_on == ISSUED_ON


def test_cert06_void_stays_on_record_and_number_is_not_reused(sitting, manager):
    cert, other = issue(sitting, 2, actor=manager)
    with pytest.raises(DomainError):
        services.certificate_void(actor=manager, certificate=cert, reason="  ")
    services.certificate_void(actor=manager, certificate=cert, reason="违纪：替考（VIOL-04）")
    cert.refresh_from_db()
    assert cert.status == Certificate.VOID and "替考" in cert.void_reason
    assert Certificate.objects.filter(number=cert.number).exists()
    with pytest.raises(DomainError) as e:
        services.certificate_void(actor=manager, certificate=cert, reason="again")
    assert e.value.rule == "CERT-06"
    more = issue(f.sitting(sitting.institution, level=4), 1, actor=manager)
    assert more[0].number not in {cert.number, other.number}


def test_rec09_every_step_is_audited_and_the_chain_verifies(sitting, manager):
    certs = issue(sitting, 3, actor=manager)
    services.certificate_void(actor=manager, certificate=certs[0], reason="信息有误")
    actions = list(
        AuditEntry.objects.filter(institution_id=sitting.institution_id).values_list(
            "action", flat=True
        )
    )
    for action in (
        "issue_register.create",
        "issue_register.review",
        "issue_register.issue",
        "certificate.void",
    ):
        assert action in actions
    issued = AuditEntry.objects.filter(action="certificate.issue")
    assert sorted(issued.values_list("object_id", flat=True)) == sorted(str(c.pk) for c in certs)
    entry = issued.get(object_id=str(certs[1].pk))
    assert entry.actor_id == manager.pk and entry.after["number"] == certs[1].number
    # Screens never show a clear ID; neither does the audit trail.
    assert certs[1].person.id_number not in str(entry.after)
    report = audit_verify()
    assert report.ok, report.reason
