"""One real object of `institution` for every kind of id a page's URL names, for the test
that walks the whole URLconf (tests/test_page_tenancy.py): the API world and the rest,
keyed by the literal segment before the parameter (`<segment>.<name>` for a parameter
that follows another one, as in `certificate-stock/<bid>/<kind>`)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from skillcert.arrangement.models import Room, Seat, Venue
from skillcert.certificates.models import (
    BlankStockBatch,
    CertificateExport,
    CertificatePdfJob,
    CertificateZipJob,
)
from skillcert.exams.models import Exam
from skillcert.institutions.models import Membership
from skillcert.itembank import custody
from skillcert.plans.models import AnnualPlan, Registration, SittingChange
from skillcert.scoring.models import Appeal
from skillcert.violations import services as violations
from skillcert.violations.models import Violation
from tests import factories as f
from tests.exams.helpers import sign_in
from tests.itembank.helpers import paper as make_paper
from tests.itembank.helpers import second_key
from tests.records.world import records_page_world
from tests.violations.helpers import jpeg, result_of


@pytest.fixture
def page_world(world, institution, sitting, staff):
    reg = Registration.objects.get(pk=_certificate_reg(world))
    register = world["issue-registers"]
    paper = make_paper(institution, staff, sitting)
    world = world | records_page_world(world, sitting, staff)  # issue 12: records (archives)
    return world | {
        "imports": world["roster-imports"],
        "plans": AnnualPlan.objects.create(
            institution=institution, year=2027, made_on=date(2026, 12, 1)
        ).pk,
        "late": world["late-requests"],
        "changes": SittingChange.objects.create(
            institution=institution, sitting=sitting, reason="考点调整"
        ).pk,
        "review": reg.pk,
        "appeals": _appeal(reg).pk,
        "certificate-pdfs": CertificatePdfJob.objects.create(
            institution=institution, register_id=register
        ).pk,
        "certificate-zips": CertificateZipJob.objects.create(
            institution=institution, register_id=register
        ).pk,
        "certificate-stock": _batch(institution).pk,
        "certificate-stock.kind": "count",
        "certificate-exports": CertificateExport.objects.create(
            institution=institution, sitting=sitting, rows=0, sha256="0" * 64
        ).pk,
        "venues": Venue.objects.filter(institution=institution).first().pk,
        "rooms": Room.objects.filter(institution=institution).first().pk,
        "seating": "door",
        "staffing": sitting.staffing_plan.assignments.first().pk,
        "evidence": _evidence(staff, world["violations"]).pk,
        "force": _attempt(world["exams"]).pk,
        "items": paper.paper_set.blueprint.institution.items.first().pk,
        "sets": paper.paper_set_id,
        "papers": paper.pk,
        "papers.kind": "paper",
        "unlocks": _unlock(paper).pk,
        "unlocks.action": "cancel",
        "handovers": _handover(paper).pk,
        "handovers.action": "cancel",
        **_records_room(institution, sitting, staff, world),
        # issue 13 (docs): reports/yearly/<year>.xlsx, reports/periodic/<year>/<quarter>.xlsx
        "yearly": 2025,
        "periodic": 2025,
        "periodic.quarter": 2,
    }


def _records_room(institution, sitting, staff, world) -> dict:
    """A room record, a return register, an item-error report and a duty log (REC-10,
    EXAM-11, EXAM-12) of the sitting seated by the API world."""
    from skillcert.records.papers import services as papers

    first = Seat.objects.filter(registration__sitting=sitting).first()
    counts = dict.fromkeys(("papers", "cards"), 0)
    counts = {f"{k}_{n}": 0 for k in counts for n in ("issued", "used", "spare", "blank")}
    register = papers.return_register_file(
        actor=staff, sitting=sitting, room=first.room, seal_number="S1", **counts
    )
    error = papers.item_error_report(
        actor=staff, sitting=sitting, question_no=1, description="选项重复"
    )
    director = f.member(institution, role=Membership.DIRECTOR)
    log = papers.duty_log_open(
        actor=director,
        institution=institution,
        day=timezone.localdate(),
        shift="全天",
        second=staff,
        notes="正常",
    )
    return {
        "room-records": world["room-records"],
        "returns": register.pk,
        "item-errors": error.pk,
        "duty": log.pk,
    }


def _certificate_reg(world) -> int:
    from skillcert.certificates.models import Certificate

    return Certificate.objects.get(number=world["certificates"]).registration_id


def _appeal(reg) -> Appeal:
    return Appeal.objects.create(
        institution_id=reg.institution_id,
        registration=reg,
        result=result_of(reg),
        subject="theory",
        reason="复核理论成绩",
        received_at=timezone.now(),
        due_on=timezone.localdate() + timedelta(days=15),
    )


def _batch(institution) -> BlankStockBatch:
    return BlankStockBatch.objects.create(
        institution=institution,
        first_serial=1,
        last_serial=100,
        received_on=date(2026, 6, 1),
        source="省人社厅",
    )


def _evidence(staff, violation_id):
    violation = Violation.objects.get(pk=violation_id)
    return violations.evidence_add(actor=staff, violation=violation, files=[("a.jpg", jpeg())])[0]


def _attempt(exam_id):
    exam = Exam.objects.get(pk=exam_id)
    seat = Seat.objects.filter(registration__sitting=exam.sitting).first()
    sign_in(exam, seat)
    return exam.attempts.get()


def _unlock(paper):
    second_key(paper)
    return custody.unlock_request(actor=paper.custodian, paper=paper, purpose="print")


def _handover(paper):
    to = f.member(paper.institution, role=Membership.EXAM_AFFAIRS)
    return custody.handover_request(actor=paper.custodian, paper=paper, to_user=to)
