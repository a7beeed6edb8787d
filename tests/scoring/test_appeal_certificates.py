"""Issue 16 item 9 (SCORE-05, CERT-04, CERT-06): an accepted appeal on a certified candidate
is no dead end. A pass that becomes a fail voids the certificate with the appeal as its
basis; a corrected score that still passes keeps it (a certificate shows no score); every
step is audited."""

from datetime import date
from decimal import Decimal

import pytest

from skillcert.certificates import services as certs
from skillcert.certificates.models import Certificate
from skillcert.core.audit import audit_verify
from skillcert.core.models import AuditEntry
from skillcert.plans.models import Ban
from skillcert.scoring.models import Result
from skillcert.scoring.services import (
    ScoreInput,
    appeal_create,
    appeal_resolve,
    results_notify,
    results_set,
)
from tests import factories as f

from .conftest import at, register

D = Decimal


@pytest.fixture
def certified(make_sitting, person, candidate_of, staff, pin_issue_day):
    """王合格 passed (theory 62, practical 80), was notified and holds a certificate."""
    s = make_sitting(date(2026, 6, 1), date(2026, 6, 2))
    p = person("王合格", 541)
    reg = register(s, p)
    results_set(actor=None, sitting=s, items=[ScoreInput(reg.pk, D(62), D(80))])
    results_notify(actor=None, sitting=s, now=at(2026, 6, 10))
    register_ = certs.issue_register_create(actor=staff, sitting=s)
    certs.issue_register_review(actor=f.colleague(staff), register=register_)
    pin_issue_day(date(2026, 6, 11))  # issued by the system's date (item 24), pinned
    (cert,) = certs.issue_register_issue(actor=staff, register=register_)
    return reg, candidate_of(p), cert


def _appeal(reg, user):
    return appeal_create(
        actor=user, registration=reg, subject="theory", reason="试卷漏判", now=at(2026, 6, 12)
    )


def test_item9_appeal_that_fails_a_certified_candidate_voids_the_certificate(certified, staff):
    """Issue 16 item 9: theory corrected 62 -> 55 on appeal: the score is written, the
    certificate voided with the appeal as basis (no PLAN-09 ban: no sanction), all audited."""
    reg, user, cert = certified
    appeal = _appeal(reg, user)
    appeal_resolve(
        actor=staff, appeal=appeal, outcome="changed", new_score="55", note="复核发现多计分"
    )
    res = Result.objects.get(registration=reg)
    assert (res.theory_score, res.passed) == (D(55), False)
    cert.refresh_from_db()
    assert cert.status == Certificate.VOID
    assert f"成绩复核申请第{appeal.pk}号" in cert.void_reason
    void = AuditEntry.objects.get(action="certificate.void")
    assert void.after["basis"] == {"appeal": appeal.pk, "rule": "SCORE-05"}
    resolved = AuditEntry.objects.get(action="appeal.resolve")
    assert resolved.after["certificate"] == {"number": cert.number, "action": "voided"}
    assert AuditEntry.objects.filter(action="result.set", after__basis__appeal=appeal.pk).exists()
    assert not Ban.objects.filter(person=reg.person).exists()
    assert audit_verify().ok


def test_item9_appeal_that_still_passes_keeps_the_certificate_audited(certified, staff):
    """Issue 16 item 9: theory corrected 62 -> 70: the score is written (no longer refused
    with score_certified); the certificate stands and an audit entry says why."""
    reg, user, cert = certified
    appeal = _appeal(reg, user)
    appeal_resolve(actor=staff, appeal=appeal, outcome="changed", new_score="70", note="漏计")
    res = Result.objects.get(registration=reg)
    assert (res.theory_score, res.passed) == (D(70), True)
    cert.refresh_from_db()
    assert cert.status == Certificate.VALID
    kept = AuditEntry.objects.get(action="certificate.kept")
    assert kept.after["basis"]["appeal"] == appeal.pk and "仍合格" in kept.after["reason"]


def test_item9_ordinary_score_entry_still_refused_once_certified(certified, staff):
    """CERT-06 unchanged: outside the appeal path a certified score cannot be changed."""
    reg, _, _ = certified
    from skillcert.core.errors import DomainError

    with pytest.raises(DomainError) as exc:
        results_set(actor=staff, sitting=reg.sitting, items=[ScoreInput(reg.pk, D(50), D(80))])
    assert exc.value.code == "score_certified"


def test_item9_cert08_appeal_void_yields_one_correction_notice(certified, staff):
    """Issue 16 item 9 (CERT-08, VIOL-05): the certificate voided on appeal was already
    reported upward: exactly one data-correction notice for the authority, naming the
    certificate number and the appeal as basis, unsent, audited."""
    from skillcert.violations.models import CorrectionNotice
    from skillcert.violations.selectors import corrections_of

    reg, user, cert = certified
    appeal = _appeal(reg, user)
    appeal_resolve(
        actor=staff, appeal=appeal, outcome="changed", new_score="55", note="复核发现多计分"
    )
    (notice,) = CorrectionNotice.objects.all()
    assert notice.certificate_number == cert.number and notice.institution == reg.institution
    assert notice.basis == {"appeal": appeal.pk, "rule": "SCORE-05"}
    assert notice.violation is None and notice.sent is False
    assert f"成绩复核申请第{appeal.pk}号" in notice.reason
    assert f"成绩复核申请第{appeal.pk}号" in notice.basis_label
    assert list(corrections_of(reg.institution)) == [notice]  # the authority's page lists it
    made = AuditEntry.objects.get(action="correction_notice.create")
    assert made.after["certificate"] == cert.number
    assert made.after["basis"]["appeal"] == appeal.pk
    assert audit_verify().ok


def test_item9_cert08_appeal_that_still_passes_yields_no_notice(certified, staff):
    """Issue 16 item 9 (CERT-08): a kept certificate needs no correction of its data."""
    from skillcert.violations.models import CorrectionNotice

    reg, user, _ = certified
    appeal_resolve(
        actor=staff, appeal=_appeal(reg, user), outcome="changed", new_score="70", note="漏计"
    )
    assert not CorrectionNotice.objects.exists()
