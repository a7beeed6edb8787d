"""A hand-built region for the dashboard tests (REC-08): its figures are counted by hand in
`EXPECTED`'s comments, never by running the dashboard's queries.

Henan (authority 410000) has 甲 (college, filed), 乙 (college, filed then suspended) and 丁
(employer, never filed); 丙 lies in Hubei (420100) and must count nowhere for Henan.
The clock is 2026-06-30 (TODAY); the period is 2026-01-01..2026-06-30 unless said."""

import itertools
from datetime import date, datetime, time

from django.utils import timezone

from skillcert.certificates.models import Certificate, IssueRegister
from skillcert.institutions import services as inst
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import authority_of
from skillcert.plans.models import Registration
from skillcert.records.models import Complaint, Incident
from skillcert.records.models.supervision_report import SupervisionReport
from skillcert.reports.models import ReportDelivery
from skillcert.scoring.models import Result, ResultNotice
from skillcert.supervision.models import (
    AnnualInspection,
    CreditEvent,
    InspectionDraw,
    InspectionTarget,
)
from tests import factories as f

TODAY = date(2026, 6, 30)
_numbers = itertools.count(1)


def at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _regs(sitting, passed: int = 0, failed: int = 0, absent: int = 0) -> list[Registration]:
    """Approved registrations with results: `passed` 80/80, `failed` 40/40, `absent` 缺考 both."""
    regs = []
    if passed:
        regs += f.registrations_with_results(sitting, passed, passed=True)
    if failed:
        regs += f.registrations_with_results(sitting, failed, passed=False)
    if absent:
        gone = f.registrations_with_results(sitting, absent, passed=False)
        Result.objects.filter(registration__in=gone).update(
            theory_absent=True, practical_absent=True, theory_score=0, practical_score=0
        )
        regs += gone
    return regs


def _certificate(reg: Registration, issued_on: date, *, voided_on: date | None = None):
    sitting = reg.sitting
    register, _ = IssueRegister.objects.get_or_create(
        institution_id=reg.institution_id, sitting=sitting
    )
    n = next(_numbers)
    return Certificate.objects.create(
        number=f"Y00004101{9000 + reg.institution_id % 999}26{sitting.level}{n:06d}",
        institution_id=reg.institution_id,
        register=register,
        registration=reg,
        person=reg.person,
        holder_name=reg.person.name,
        id_type=reg.person.id_type,
        id_masked=reg.person.id_masked,
        occupation_code="6-18-01-01",
        occupation_name="车工",
        level=sitting.level,
        issuer_name=sitting.institution.name,
        issued_on=issued_on,
        status=Certificate.VOID if voided_on else Certificate.VALID,
        voided_on=voided_on,
        void_reason="作弊" if voided_on else "",
    )


def _complaint(institution, received_on: date, status: str, sitting=None):
    return Complaint.objects.create(
        institution=institution,
        sitting=sitting,
        name="王投诉",
        contact="13800000000",
        content="考场秩序",
        received_on=received_on,
        status=status,
        accept_due=received_on,
        decision_due=received_on,
    )


def _incident(sitting, day: date, severity: str = "major"):
    category = "m_disorder" if severity == "major" else "g_power"
    return Incident.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        exam_form=Incident.THEORY_PAPER,
        category=category,
        severity=severity,
        occurred_at=at(day, 9),
        discovered_at=at(day, 9),
        reported_at=at(day, 9),
        report_minutes=5,
        description="两个考场秩序混乱",
    )


def _sent(institution, kind: str, start: date, end: date, sent_on: date):
    ReportDelivery.objects.create(
        institution=institution,
        kind=kind,
        period_start=start,
        period_end=end,
        sha256="0" * 64,
        sent_at=at(sent_on),
    )


def region_world() -> dict:
    for day in (date(2025, 11, 1), date(2026, 3, 10), date(2026, 9, 1)):
        f.calendar_known(day)
    boss = f.authority_user("410000")
    x = f.filed_institution("甲学院")
    y = f.filed_institution("乙学院")
    z = f.filed_institution("丙学院", region="420100")
    d = inst.institution_create(
        actor=None,
        kind=Institution.EMPLOYER,
        name="丁公司",
        credit_code=f.credit_code(),
        region_code="410200",
    )
    s0 = f.sitting(x, level=4, theory_on=date(2025, 11, 1), name="甲2025秋")
    s1 = f.sitting(x, level=4, theory_on=date(2026, 3, 10), name="甲车工四级")
    s2 = f.sitting(x, level=5, job_type_name=None, theory_on=date(2026, 5, 20), name="甲车工五级")
    s3 = f.sitting(x, level=4, theory_on=date(2026, 9, 1), name="甲秋季")
    s4 = f.sitting(y, level=3, theory_on=date(2026, 4, 15), name="乙车工三级")
    s5 = f.sitting(z, level=4, theory_on=date(2026, 3, 10), name="丙车工四级")
    Institution.objects.filter(pk=y.pk).update(status=Institution.SUSPENDED)

    old = _regs(s0, passed=1)
    r1 = _regs(s1, passed=2, failed=1, absent=1)
    f.registrations_with_results(s1, 1, passed=None, status=Registration.PENDING)
    r2 = _regs(s2, passed=1, failed=1)
    Registration.objects.bulk_create(
        [
            Registration(institution=x, sitting=s3, person=p.person)
            for p in f.registrations_with_results(s0, 2, passed=None, status=Registration.CANCELLED)
        ]
    )
    r4 = _regs(s4, passed=1, absent=1)
    r5 = _regs(s5, passed=3)

    _certificate(r1[0], date(2026, 4, 1))
    _certificate(r1[1], date(2026, 4, 1), voided_on=date(2026, 6, 20))
    _certificate(r2[0], date(2026, 6, 10))
    _certificate(r4[0], date(2026, 5, 5))
    _certificate(r5[0], date(2026, 4, 1))
    _certificate(old[0], date(2025, 12, 1), voided_on=date(2026, 2, 1))

    _complaint(x, date(2026, 5, 1), Complaint.REGISTERED, sitting=s1)
    _complaint(y, date(2026, 5, 2), Complaint.DECIDED)
    _complaint(z, date(2026, 5, 3), Complaint.REGISTERED)
    _incident(s1, date(2026, 3, 10))
    _incident(s5, date(2026, 3, 10), severity="general")

    authority = authority_of(boss)
    draw = InspectionDraw.objects.create(
        authority=authority,
        title="2026上半年抽查",
        seed="s",
        institution_count=2,
        inspector_count=1,
    )
    InspectionDraw.objects.filter(pk=draw.pk).update(drawn_at=at(date(2026, 5, 1)))
    InspectionTarget.objects.create(
        draw=draw, institution=x, outcome=InspectionTarget.RECTIFY, findings="档案不全"
    )
    InspectionTarget.objects.create(draw=draw, institution=y, outcome=InspectionTarget.PASSED)
    CreditEvent.objects.create(
        institution=x,
        kind=CreditEvent.FINDING,
        points=10,
        note="整改",
        occurred_on=date(2026, 5, 10),
    )
    CreditEvent.objects.create(
        institution=z,
        kind=CreditEvent.FINDING,
        points=30,
        note="严重",
        occurred_on=date(2026, 5, 10),
    )
    for who, total in ((x, 85), (y, 70), (z, 60)):
        AnnualInspection.objects.create(institution=who, year=2026, total=total)

    _sent(x, ReportDelivery.YEARLY, date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 8))
    _sent(y, ReportDelivery.YEARLY, date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 15))
    _sent(x, ReportDelivery.PERIODIC, date(2025, 10, 1), date(2025, 12, 31), date(2026, 1, 9))
    ResultNotice.objects.create(
        institution=x,
        sitting=s2,
        due_on=date(2026, 6, 4),
        notified_at=at(date(2026, 6, 8)),
        late=True,
    )
    SupervisionReport.objects.create(
        institution=x,
        sitting=s1,
        plan="督导计划",
        findings="正常",
        status=SupervisionReport.SIGNED,
        due_on=date(2026, 3, 12),
        late=True,
    )
    return {
        "boss": boss,
        "x": x,
        "y": y,
        "z": z,
        "d": d,
        "sittings": [s0, s1, s2, s3, s4, s5],
    }
