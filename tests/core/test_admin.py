"""The admin: every model registered and rendering; personal data hidden; result records
read-only (REC-09: services own the rules and the audit chain)."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from skillcert.arrangement.models import Seat, SeatArrangement, SittingStaffing, StaffAssignment
from skillcert.certificates.models import (
    BlankStockBatch,
    Certificate,
    CertificateExport,
    CertificateZipJob,
    IssueRegister,
    Replacement,
    SerialCounter,
    StockMovement,
)
from skillcert.core.models import AuditEntry, Holiday
from skillcert.exams.models import Answer, Exam, ExamAttempt, ExamIncident
from skillcert.itembank.models import (
    Blueprint,
    Item,
    ItemVersion,
    Paper,
    PaperCustodyEvent,
    PaperHandover,
    PaperSet,
    PaperUnlock,
)
from skillcert.panels.models import (
    Absence,
    AssessmentModule,
    ItemScore,
    Panel,
    PanelMember,
    ScoreVersion,
    ScoringItem,
    Signature,
    SummarySignature,
    TallyCheck,
    WorkNumber,
)
from skillcert.people.claims import claim_code_issue
from skillcert.people.services import person_get_or_create
from skillcert.plans.models import (
    Announcement,
    AnnualPlan,
    Ban,
    PlanItem,
    Registration,
    RosterImport,
    Sitting,
    SittingChange,
)
from skillcert.scoring.models import Appeal, Result, ResultNotice, ResultPublication
from skillcert.violations.models import CorrectionNotice, Violation, ViolationEvidence
from tests import factories as f
from tests.arrangement.helpers import theory_rooms, venue
from tests.people.builders import registers_sample

pytestmark = pytest.mark.django_db
ID_NUMBER = f.resident_id(region="410102", birth="19900101", seq=123)


def all_models():
    """Every model of every skillcert app: a new app is covered without editing this file."""
    ours = [c for c in apps.get_app_configs() if c.name.startswith("skillcert.")]
    return [m for config in ours for m in config.get_models()]


@pytest.fixture
def data():
    """At least one row of every model, so change lists render real rows."""
    institution = f.filed_institution()
    f.member(institution)
    f.authority_user("410000")
    Holiday.objects.create(day=date(2027, 1, 1), name="元旦")
    person = person_get_or_create(name="张三", id_type="resident", id_number=ID_NUMBER)
    sitting = Sitting.objects.create(
        institution=institution, name="2025年第1批", occupation=f.occupation(), level=4
    )
    RosterImport.objects.create(
        institution=institution, sitting=sitting, file="rosters/x.xlsx", filename="x.xlsx"
    )
    registration = Registration.objects.create(
        institution=institution, sitting=sitting, person=person
    )
    result = Result.objects.create(
        institution=institution,
        registration=registration,
        theory_score=Decimal("80"),
        practical_score=Decimal("70"),
        passed=True,
    )
    SerialCounter.objects.create(institution=institution, year=25, level=4, last_serial=1)
    register = IssueRegister.objects.create(institution=institution, sitting=sitting)
    certificate = Certificate.objects.create(
        number="Y000041019001254000001",
        institution=institution,
        register=register,
        registration=registration,
        person=person,
        holder_name=person.name,
        id_type="resident",
        id_masked=person.id_masked,
        occupation_code="6-18-01-01",
        occupation_name="车工",
        level=4,
        issuer_name=institution.name,
        issued_on=date(2025, 6, 1),
    )
    pdf_job = apps.get_model("certificates", "CertificatePdfJob")
    pdf_job.objects.create(institution=institution, register=register)
    registers_sample(institution)
    plan = AnnualPlan.objects.create(institution=institution, year=2026, made_on=date(2025, 12, 1))
    PlanItem.objects.create(plan=plan, occupation=f.occupation(), level=4, expected_count=60)
    Announcement.objects.create(
        institution=institution,
        sitting=sitting,
        title="公告",
        content="c",
        method="m",
        registration_place="p",
        registration_period="t",
        registration_how="h",
        conditions="c",
        fees="f",
        subjects="s",
        times_places="tp",
    )
    SittingChange.objects.create(institution=institution, sitting=sitting, reason="场地维修")
    (room,) = theory_rooms(venue(institution), 1)
    arrangement = SeatArrangement.objects.create(institution=institution, sitting=sitting, seed=1)
    Seat.objects.create(
        arrangement=arrangement,
        registration=registration,
        room=room,
        seat_no=1,
        row=1,
        col=1,
        ticket_number="259001000100101",
    )
    staffing = SittingStaffing.objects.create(institution=institution, sitting=sitting, seed=1)
    StaffAssignment.objects.create(plan=staffing, person=person, role="proctor", room=room)
    Ban.objects.create(person=person, reason="证书被撤销", rule="PLAN-09", until=date(2027, 6, 1))
    rows = {"person": person, "registration": registration, "result": result, "sitting": sitting}
    _scoring_rows(institution, rows)
    _panel_rows(institution, rows)
    _itembank_rows(institution)
    _violation_rows(institution, rows)
    _certificate_rows(institution, certificate, register)
    _exam_rows(institution, rows)
    director = f.member(institution, role="director")
    claim_code_issue(actor=director, institution=institution, person=person)
    return {"person": person, "registration": registration}


def _scoring_rows(institution, rows):
    sitting, now = rows["sitting"], timezone.now()
    ResultNotice.objects.create(
        institution=institution, sitting=sitting, due_on=date(2025, 6, 20), notified_at=now
    )
    ResultPublication.objects.create(
        institution=institution, sitting=sitting, published_at=now, period_ends_on=date(2025, 6, 27)
    )
    Appeal.objects.create(
        institution=institution,
        registration=rows["registration"],
        result=rows["result"],
        subject="practical",
        reason="复核",
        received_at=now,
        due_on=date(2025, 6, 24),
    )


def _panel_rows(institution, rows):
    person, sitting, registration = rows["person"], rows["sitting"], rows["registration"]
    panel = Panel.objects.create(
        institution=institution,
        sitting=sitting,
        occupation=f.occupation(),
        leader=person,
        checker=person,
    )
    PanelMember.objects.create(panel=panel, person=person)
    module = AssessmentModule.objects.create(
        institution=institution, panel=panel, name="零件加工", weight=100
    )
    item = ScoringItem.objects.create(module=module, description="尺寸精度", max_points=60)
    WorkNumber.objects.create(
        institution=institution, sitting=sitting, registration=registration, number="123456"
    )
    version = ScoreVersion.objects.create(
        institution=institution, panel=panel, module=module, registration=registration, number=1
    )
    ItemScore.objects.create(version=version, member=person, item=item, points=50)
    Signature.objects.create(version=version, member=person, content="0" * 64)
    tally = TallyCheck.objects.create(panel=panel, checker=person, digest="0" * 64)
    SummarySignature.objects.create(panel=panel, tally=tally, leader=person, digest="0" * 64)
    Absence.objects.create(
        institution=institution, panel=panel, registration=registration, basis=Absence.NO_SHOW
    )


def _itembank_rows(institution):
    user, now = f.member(institution), timezone.now()
    item = Item.objects.create(
        institution=institution,
        occupation=f.occupation(),
        level=4,
        kind="judge",
        stem="题",
        answer=True,
        knowledge_point="K1",
        source="national",
    )
    ItemVersion.objects.create(
        institution=institution, item=item, version=1, content={}, created_at=now
    )
    blueprint = Blueprint.objects.create(
        institution=institution,
        name="蓝图",
        occupation=f.occupation(),
        level=4,
        sections={"judge": {"count": 1, "points": "1"}},
    )
    paper_set = PaperSet.objects.create(
        institution=institution,
        blueprint=blueprint,
        seed=1,
        forms=1,
        items_per_form=1,
        max_overlap=0,
        source="national",
    )
    paper = Paper.objects.create(
        institution=institution,
        paper_set=paper_set,
        blueprint=blueprint,
        form_no=1,
        sealed=b"SKC1",
        item_count=1,
        total_points=Decimal("1"),
    )
    PaperHandover.objects.create(
        institution=institution, paper=paper, from_user=user, to_user=user, requested_at=now
    )
    PaperCustodyEvent.objects.create(institution=institution, paper=paper, kind="assemble", at=now)
    PaperUnlock.objects.create(
        institution=institution,
        paper=paper,
        purpose="print",
        day=date(2026, 5, 30),
        requested_by=user,
        key_holder=user,
        requested_at=now,
    )


def _certificate_rows(institution, certificate, register):
    batch = BlankStockBatch.objects.create(
        institution=institution,
        first_serial=1,
        last_serial=10,
        received_on=date(2025, 6, 1),
        source="省中心",
    )
    StockMovement.objects.create(
        institution=institution,
        batch=batch,
        kind="receive",
        first_serial=1,
        last_serial=10,
        on=date(2025, 6, 1),
        counted=10,
        expected=10,
    )
    Replacement.objects.create(
        institution=institution,
        certificate=certificate,
        reason="lost",
        applied_on=date(2025, 8, 1),
        replaced_on=date(2025, 8, 2),
    )
    CertificateExport.objects.create(institution=institution, rows=1, sha256="0" * 64)
    CertificateZipJob.objects.create(institution=institution, register=register, total=1)


def _exam_rows(institution, rows):
    now = timezone.now()
    exam = Exam.objects.create(
        institution=institution,
        sitting=rows["sitting"],
        title="理论机考",
        starts_at=now,
        duration_minutes=60,
        entry_close_minutes=30,
        sealed_questions=b"SKC1",
        item_ids=[1],
        total_points=Decimal("100"),
    )
    attempt = ExamAttempt.objects.create(
        exam=exam,
        registration=rows["registration"],
        started_at=now,
        ends_at=now,
        order={"items": [1], "options": {}},
        seed=1,
    )
    Answer.objects.create(attempt=attempt, item_id=1, value=[0], seq=1, saved_at=now)
    ExamIncident.objects.create(institution=institution, exam=exam, note="停电", minutes_lost=5)


def _violation_rows(institution, rows):
    violation = Violation.objects.create(
        institution=institution,
        registration=rows["registration"],
        category="v03_device",
        rule="VIOL-03",
        effect="cancel_all",
        subject="all",
        occurred_at=timezone.now(),
        notes="考试中使用手机",
    )
    ViolationEvidence.objects.create(
        institution=institution,
        violation=violation,
        file="violations/x.sealed",
        filename="现场.jpg",
        content_type="image/jpeg",
        size=1,
        sha256="0" * 64,
    )
    CorrectionNotice.objects.create(
        institution=institution,
        certificate=Certificate.objects.get(),
        certificate_number="Y000041019001254000001",
        violation=violation,
        reason="违纪违规（VIOL-03）",
    )


@pytest.fixture
def root(client, data):
    client.force_login(f.user("root", is_superuser=True, is_staff=True))
    return client


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_every_app_is_registered():
    missing = [m.__name__ for m in all_models() if not admin.site.is_registered(m)]
    assert missing == []


def test_every_changelist_and_change_page_renders_for_a_superuser(root):
    for model in all_models():
        response = root.get(url(model, "changelist"))
        assert response.status_code == 200, model
        obj = model.objects.first()
        assert obj is not None, f"fixture lacks a {model.__name__}"
        assert root.get(url(model, "change", obj.pk)).status_code == 200, model
        model_admin = admin.site._registry[model]
        if model_admin.has_add_permission(response.wsgi_request):
            assert root.get(url(model, "add")).status_code == 200, model


def test_people_01_person_admin_never_shows_the_clear_id_number(root, data):
    person = data["person"]
    pages = [
        url(type(person), "changelist"),
        url(type(person), "change", person.pk),
        url(Registration, "change", data["registration"].pk),
        url(Certificate, "changelist"),
    ]
    for page in pages:
        html = root.get(page).content.decode()
        assert ID_NUMBER not in html, page
        assert person.id_number_encrypted not in html, page
    assert person.id_masked in root.get(pages[1]).content.decode()


def test_people_01_person_admin_finds_a_person_by_full_id_number_via_the_hash(root, data):
    response = root.get(url(type(data["person"]), "changelist"), {"q": ID_NUMBER.lower()})
    assert data["person"].id_masked in response.content.decode()
    other = root.get(url(type(data["person"]), "changelist"), {"q": f.resident_id()})
    assert data["person"].id_masked not in other.content.decode()


def test_rec_09_audit_entries_cannot_be_added_changed_or_deleted(root):
    entry = AuditEntry.objects.first()
    assert root.get(url(AuditEntry, "add")).status_code == 403
    assert root.post(url(AuditEntry, "change", entry.pk), {"action": "x"}).status_code == 403
    assert root.post(url(AuditEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == entry.action


@pytest.mark.parametrize("model", [Result, Certificate, Registration])
def test_records_that_decide_results_are_read_only(root, model):
    obj = model.objects.first()
    assert root.post(url(model, "change", obj.pk), {}).status_code == 403
    assert root.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert root.get(url(model, "add")).status_code == 403


def test_inst_01_institution_admin_checks_the_credit_code_and_keeps_filing_read_only(root):
    response = root.post(
        url(apps.get_model("institutions", "Institution"), "add"),
        {
            "kind": "college",
            "name": "新学院",
            "credit_code": "12410100000000000X",
            "nature": "public",
            "region_code": "410100",
            "status": "filed",
            "scope_rows-TOTAL_FORMS": "0",
            "scope_rows-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "统一社会信用代码校验位错误" in response.content.decode()
    assert not apps.get_model("institutions", "Institution").objects.filter(name="新学院").exists()
