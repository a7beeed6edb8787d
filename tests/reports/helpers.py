"""A small world of one institution with hand-counted figures, for the documents sent upward
(REC-08, CERT-08). Rows are written directly (the scoring, violation and certificate
services have their own tests); every number the tests assert is counted in the comments.

Sitting A (车工（数控车床）四级, theory 2026-06-01, practical 2026-06-02):
  r1 80/75 passed · r2 70/50 · r3 55/65 · r4 absent/absent · r5 90/absent ·
  r7 theory carried (SCORE-02) 85 / 60 passed · r6 refused (not registered)
  registered 6; theory sat 4 (r1 r2 r3 r5), passed 3 (r1 r2 r5);
  practical sat 4 (r1 r2 r3 r7), passed 3 (r1 r3 r7); sat 5, passed 2 (r1 r7) → 40.0%
  violations: 2 confirmed (v02_copy, v02_copy), 1 withdrawn, 1 recorded → 2
  incidents: 1 general, 1 major; certificates of r1 and r7 issued 2026-07-01
Sitting B (车工（数控车床）三级, theory 2026-09-10): 2 registered, both 80/80 passed
Sitting C (四级, theory 2025-11-01): 1 passed, certificate issued 2025-12-01, voided 2026-03-01
Complaints: one received 2026-06-05, one 2025-10-01. Another institution: a 2026 sitting with
3 registrations and a certificate, which no figure of ours may count."""

from datetime import date, datetime

from django.utils import timezone

from skillcert.certificates.models import Certificate, IssueRegister
from skillcert.people.services import person_get_or_create
from skillcert.plans.models import Registration, Sitting
from skillcert.records.models import Complaint, Incident
from skillcert.scoring.models import Result
from skillcert.violations.models import Violation
from tests import factories as f

_n = iter(range(1, 10_000))


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def sitting_of(institution, *, level: int, theory_on, practical_on=None, name=None) -> Sitting:
    return Sitting.objects.create(
        institution=institution,
        name=name or f"车工{level}级{theory_on:%Y%m}批",
        occupation=f.occupation(),
        job_type=f.job_type("数控车床"),
        level=level,
        theory_on=theory_on,
        practical_on=practical_on,
        place="实训楼A201",
    )


def candidate(sitting, theory=None, practical=None, *, passed=False, status=None, **result):
    """A registration of `sitting` with a Result (None for both scores and no flags: none)."""
    k = next(_n)
    person = person_get_or_create(
        name=f"考生{k:03d}", id_type="resident", id_number=f.resident_id(seq=500 + k)
    )
    reg = Registration.objects.create(
        institution=sitting.institution,
        sitting=sitting,
        person=person,
        status=status or Registration.APPROVED,
        school_level="secondary",
        graduating_year=2026,
        class_name="数控2301",
    )
    if theory is not None or practical is not None or result:
        Result.objects.create(
            institution=sitting.institution,
            registration=reg,
            theory_score=theory,
            practical_score=practical,
            passed=passed,
            **result,
        )
    return reg


def certificate(reg, *, issued_on: date, voided_on: date | None = None) -> Certificate:
    sitting = reg.sitting
    register = IssueRegister.objects.create(
        institution=sitting.institution, sitting=sitting, status=IssueRegister.ISSUED
    )
    return Certificate.objects.create(
        number=f"Y000041019001{issued_on:%y}{sitting.level}{next(_n):06d}",
        institution=sitting.institution,
        register=register,
        registration=reg,
        person=reg.person,
        holder_name=reg.person.name,
        id_type=reg.person.id_type,
        id_masked=reg.person.id_masked,
        occupation_code=sitting.occupation.code,
        occupation_name=sitting.occupation.name,
        job_type_name=sitting.job_type.name,
        level=sitting.level,
        issuer_name=sitting.institution.name,
        issued_on=issued_on,
        status=Certificate.VOID if voided_on else Certificate.VALID,
        voided_on=voided_on,
        void_reason="违纪（VIOL-05）" if voided_on else "",
    )


def violation(reg, category: str, status: str) -> Violation:
    return Violation.objects.create(
        institution=reg.institution,
        registration=reg,
        category=category,
        rule="VIOL-02",
        subject=Violation.THEORY,
        occurred_at=at(reg.sitting.theory_on),
        notes="监考员当场发现",
        status=status,
    )


def incident(sitting, severity: str, category: str) -> Incident:
    when = at(sitting.theory_on, 10)
    return Incident.objects.create(
        institution=sitting.institution,
        sitting=sitting,
        exam_form=Incident.THEORY_PAPER,
        category=category,
        severity=severity,
        occurred_at=when,
        discovered_at=when,
        reported_at=when,
        report_minutes=5,
        description="考场停电",
        result="启用备用电源，考试顺延20分钟" if severity == "general" else "",
    )


def complaint(institution, received_on: date) -> Complaint:
    return Complaint.objects.create(
        institution=institution,
        name="投诉人",
        contact="13800000000",
        content="对评分有异议",
        received_on=received_on,
        accept_due=received_on,
        decision_due=received_on,
    )


def counted_world(institution, other_institution) -> dict:
    a = sitting_of(institution, level=4, theory_on=date(2026, 6, 1), practical_on=date(2026, 6, 2))
    r1 = candidate(a, 80, 75, passed=True)
    r2 = candidate(a, 70, 50)
    r3 = candidate(a, 55, 65)
    candidate(a, theory_absent=True, practical_absent=True)
    r5 = candidate(a, 90, None, practical_absent=True)
    candidate(a, status=Registration.REJECTED)
    r7 = candidate(a, 85, 60, passed=True, carried_subject="theory", carried_on=date(2026, 1, 5))
    violation(r2, "v02_copy", Violation.CONFIRMED)
    violation(r3, "v02_copy", Violation.CONFIRMED)
    violation(r5, "v02_whisper", Violation.WITHDRAWN)
    violation(r1, "v02_whisper", Violation.RECORDED)
    incident(a, "general", "g_power")
    incident(a, "major", "m_leak")
    certificate(r1, issued_on=date(2026, 7, 1))
    certificate(r7, issued_on=date(2026, 7, 1))
    b = sitting_of(institution, level=3, theory_on=date(2026, 9, 10))
    candidate(b, 80, 80, passed=True)
    candidate(b, 80, 80, passed=True)
    c = sitting_of(institution, level=4, theory_on=date(2025, 11, 1), name="车工4级2025批")
    certificate(
        candidate(c, 80, 80, passed=True), issued_on=date(2025, 12, 1), voided_on=date(2026, 3, 1)
    )
    complaint(institution, date(2026, 6, 5))
    complaint(institution, date(2025, 10, 1))
    d = sitting_of(other_institution, level=4, theory_on=date(2026, 6, 1))
    certificate(candidate(d, 80, 80, passed=True), issued_on=date(2026, 7, 1))
    candidate(d, 80, 80, passed=True)
    candidate(d, 30, 30)
    return {"a": a, "b": b, "c": c, "d": d, "r1": r1}
