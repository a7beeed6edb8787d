"""A hand-counted world for the institution home page (issue 13), "today" 2026-03-16.

Sittings of `institution` (first exam day; what each holds):
  A 2026-03-02  3 approved passed + 2 pending + 1 cancelled; no supervision report
  B 2026-03-13  3 approved passed, certificates for all three (2 unsent corrections, 1
                sent), plan approved, results recorded (INST-14), report signed by all
  C 2026-03-14  1 approved failed; supervision report still a draft
  D 2026-04-20  1 approved (no result); no implementation plan
  E 2026-04-27  plan submitted, waiting for the authority
  F 2026-05-18  plan returned
Besides: appeals on A (due 03-10 and 03-20 pending, one answered), complaints (one
registered due 03-18, one investigating due 03-12, one decided), incidents on A (one open,
one closed), the 2025 Q4 statistics delivered (the 2025 yearly report not), filed
2023-05-01 (valid 3 years: until 2026-05-01). Another institution has its own pending
appeal-free complaint and a pending registration, never counted here."""

from datetime import date, datetime

from django.utils import timezone

from skillcert.arrangement.implementation.models import ImplementationPlan
from skillcert.certificates.models import Certificate, IssueRegister
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration
from skillcert.records.models import Complaint, Incident, SupervisionReport
from skillcert.reports.models import ReportDelivery
from skillcert.scoring.models import Appeal, ResultSubmission
from skillcert.violations.models import CorrectionNotice
from tests import factories as f

TODAY = date(2026, 3, 16)
PENDING, CANCELLED = Registration.PENDING, Registration.CANCELLED


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0))


def _plan(sitting, state: str) -> ImplementationPlan:
    return ImplementationPlan.objects.create(
        institution=sitting.institution,
        sitting=sitting,
        state=state,
        fingerprint="0" * 64,
        submitted_on=date(2026, 3, 1),
        due_on=date(2026, 3, 1),
    )


def _report(sitting, status: str) -> SupervisionReport:
    return SupervisionReport.objects.create(
        institution=sitting.institution,
        sitting=sitting,
        plan="督导计划",
        findings="正常",
        status=status,
        due_on=date(2026, 3, 16),
    )


def _certificates(sitting, regs) -> list[Certificate]:
    register = IssueRegister.objects.create(institution=sitting.institution, sitting=sitting)
    return [
        Certificate.objects.create(
            number=f"Y000041019001264{n:06d}",
            institution=sitting.institution,
            register=register,
            registration=r,
            person=r.person,
            holder_name=r.person.name,
            id_type=r.person.id_type,
            id_masked=r.person.id_masked,
            occupation_code="6-18-01-01",
            occupation_name="车工",
            level=4,
            issuer_name=sitting.institution.name,
            issued_on=date(2026, 3, 15),
        )
        for n, r in enumerate(regs, start=1)
    ]


def _notice(cert, sent: bool) -> CorrectionNotice:
    return CorrectionNotice.objects.create(
        institution=cert.institution,
        certificate=cert,
        certificate_number=cert.number,
        reason="违纪",
        sent=sent,
    )


def _appeal(reg, due: date, status: str = Appeal.PENDING) -> Appeal:
    return Appeal.objects.create(
        institution=reg.institution,
        registration=reg,
        result=reg.result,
        subject="theory",
        reason="复核理论成绩",
        received_at=_at(date(2026, 3, 5)),
        due_on=due,
        status=status,
    )


def _complaint(inst, status: str, accept_due: date, decision_due: date) -> Complaint:
    return Complaint.objects.create(
        institution=inst,
        name="投诉人",
        contact="13800000000",
        content="考场秩序",
        received_on=date(2026, 3, 9),
        status=status,
        accept_due=accept_due,
        decision_due=decision_due,
    )


def _incident(sitting, status: str) -> Incident:
    at = _at(date(2026, 3, 2))
    return Incident.objects.create(
        institution=sitting.institution,
        sitting=sitting,
        exam_form=Incident.THEORY_PAPER,
        category="g_power",
        severity="general",
        occurred_at=at,
        discovered_at=at,
        reported_at=at,
        report_minutes=0,
        description="停电",
        status=status,
    )


def build(institution, other_institution) -> dict:
    s = {
        k: f.sitting(institution, name=f"批次{k}", theory_on=day)
        for k, day in {
            "A": date(2026, 3, 2),
            "B": date(2026, 3, 13),
            "C": date(2026, 3, 14),
            "D": date(2026, 4, 20),
            "E": date(2026, 4, 27),
            "F": date(2026, 5, 18),
        }.items()
    }
    a_passed = f.registrations_with_results(s["A"], 3)
    f.registrations_with_results(s["A"], 2, status=PENDING, passed=None)
    f.registrations_with_results(s["A"], 1, status=CANCELLED, passed=None)
    b_regs = f.registrations_with_results(s["B"], 3)
    f.registrations_with_results(s["C"], 1, passed=False)
    Registration.objects.create(institution=institution, sitting=s["D"], person=b_regs[0].person)
    certs = _certificates(s["B"], b_regs)
    _notice(certs[0], sent=False), _notice(certs[1], sent=False), _notice(certs[2], sent=True)
    _plan(s["B"], ImplementationPlan.APPROVED)
    _plan(s["E"], ImplementationPlan.SUBMITTED)
    _plan(s["F"], ImplementationPlan.RETURNED)
    ResultSubmission.objects.create(
        institution=institution,
        sitting=s["B"],
        state=ResultSubmission.RECORDED,
        submitted_at=_at(date(2026, 3, 14)),
    )
    _report(s["B"], SupervisionReport.SIGNED)
    _report(s["C"], SupervisionReport.DRAFT)
    _appeal(a_passed[0], date(2026, 3, 10))
    _appeal(a_passed[1], date(2026, 3, 20))
    _appeal(a_passed[2], date(2026, 3, 9), status=Appeal.ANSWERED)
    _complaint(institution, Complaint.REGISTERED, date(2026, 3, 18), date(2026, 3, 20))
    _complaint(institution, Complaint.INVESTIGATING, date(2026, 3, 11), date(2026, 3, 12))
    _complaint(institution, Complaint.DECIDED, date(2026, 3, 11), date(2026, 3, 12))
    _incident(s["A"], Incident.OPEN)
    _incident(s["A"], Incident.CLOSED)
    ReportDelivery.objects.create(
        institution=institution,
        kind=ReportDelivery.PERIODIC,
        period_start=date(2025, 10, 1),
        period_end=date(2025, 12, 31),
        sha256="0" * 64,
        sent_at=_at(date(2026, 1, 8)),
    )
    Institution.objects.filter(pk=institution.pk).update(filed_on=date(2023, 5, 1))
    institution.refresh_from_db()
    # Another institution's to-dos are its own.
    theirs = f.sitting(other_institution, theory_on=date(2026, 3, 2))
    f.registrations_with_results(theirs, 1, status=PENDING, passed=None)
    _complaint(other_institution, Complaint.REGISTERED, date(2026, 3, 1), date(2026, 3, 5))
    return s
