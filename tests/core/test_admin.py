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
    _auth_rows()
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
    announcement = Announcement.objects.create(
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
    apps.get_model("plans", "LateAnnouncement").objects.create(
        institution=institution, announcement=announcement, reason="延期"
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
    _filing_rows(institution, certificate)
    _incidents_rows(institution, rows, room)
    _records_archives_rows(institution, sitting, certificate, register)
    _records_room_rows(institution, rows, room)
    _implementation_rows(institution, rows)
    _supervision_rows(institution, sitting)
    _reports_rows(institution, sitting)
    _change_rows(institution)
    director = f.member(institution, role="director")
    claim_code_issue(actor=director, institution=institution, person=person)
    return {"person": person, "registration": registration}


def _change_rows(institution):
    """An INST-08 change application with its document."""
    from tests.filings.helpers import change_of

    change_of(institution, f.member(institution))


def _reports_rows(institution, sitting):
    """A 鉴定申请表 sent upward (REC-08), through the reports service."""
    from django.utils import timezone

    from skillcert.reports.models import ReportDelivery
    from skillcert.reports.services import delivery_record

    delivery_record(
        actor=None,
        institution=institution,
        kind=ReportDelivery.APPLICATION,
        sitting=sitting,
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        content=b"application",
    )


def _supervision_rows(institution, sitting):
    """A draw with a finding, a credit event, an external supervisor, an annual inspection."""
    from skillcert.supervision import services as sv
    from tests.supervision.helpers import authority_with_inspectors

    user, authority = authority_with_inspectors(1)
    draw = sv.draw_make(
        actor=user, authority=authority, title="抽查", institution_count=1, inspector_count=1
    )
    sv.finding_record(actor=user, target=draw.targets.get(), outcome="rectify", findings="整改")
    sv.supervisor_send(
        actor=user, authority=authority, sitting=sitting, inspector=authority.inspectors.first()
    )
    sv.annual_item_save(actor=user, year=2026, code="1", title="制度建设", max_points=10)
    sv.annual_score(
        actor=user, authority=authority, institution=institution, year=2026, scores={"1": 8}
    )


def _incidents_rows(institution, rows, room):
    """Records, part B: an incident with a stage, a video index row and period, a complaint
    with evidence and a notice, a supervision report with a signature (REC-04/05/06/11)."""
    from skillcert.records import models as rec

    sitting, person, now = rows["sitting"], rows["person"], timezone.now()
    incident = rec.Incident.objects.create(
        institution=institution,
        sitting=sitting,
        room=room,
        exam_form="paper",
        category="g_power",
        severity="general",
        occurred_at=now,
        discovered_at=now,
        reported_at=now,
        report_minutes=0,
        description="停电",
    )
    rec.IncidentStage.objects.create(incident=incident, at=now, text="恢复供电")
    rec.ExamPeriod.objects.create(
        institution=institution, sitting=sitting, room=room, starts_at=now, ends_at=now
    )
    rec.VideoRecording.objects.create(
        institution=institution,
        sitting=sitting,
        room=room,
        starts_at=now,
        ends_at=now,
        kind="external",
        reference="nvr://10.0.0.1/ch1",
        retain_until=date(2031, 6, 1),
    )
    complaint = rec.Complaint.objects.create(
        institution=institution,
        name="王明",
        contact="13800000000",
        content="c",
        received_on=date(2026, 9, 30),
        accept_due=date(2026, 10, 10),
        decision_due=date(2026, 10, 15),
    )
    rec.ComplaintEvidence.objects.create(
        complaint=complaint,
        file="records/complaints/x.sealed",
        filename="a.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )
    rec.ComplaintNotice.objects.create(
        complaint=complaint, kind="acceptance", text="t", issued_on=date(2026, 10, 9)
    )
    report = rec.SupervisionReport.objects.create(
        institution=institution, sitting=sitting, plan="p", findings="f", due_on=date(2026, 6, 4)
    )
    rec.SupervisionSignature.objects.create(
        report=report,
        person=person,
        user=f.member(institution, role="supervisor"),
        signed_at=now,
        content_sha256="0" * 64,
    )


def _records_archives_rows(institution, sitting, certificate, register):
    """Equipment, its event and use (REC-07), a handover and a void notice (CERT-09/10),
    an archive item with an access, a destruction request and a package (REC-01..03)."""
    from skillcert.records import models as rec

    eq = rec.Equipment.objects.create(
        institution=institution,
        occupation=sitting.occupation,
        name="游标卡尺",
        model="0-150",
        quantity=1,
        purchased_on=date(2024, 1, 1),
        price=Decimal("1"),
        work_items="测量",
        measuring=True,
        calibration_due=date(2030, 1, 1),
    )
    rec.EquipmentEvent.objects.create(
        institution=institution, equipment=eq, kind="maintenance", on=date(2025, 1, 1), note="保养"
    )
    rec.EquipmentUse.objects.create(institution=institution, sitting=sitting, equipment=eq)
    rec.HandoverSignature.objects.create(
        institution=institution,
        register=register,
        certificate=certificate,
        signer="holder",
        signed_on=date(2025, 6, 2),
    )
    rec.VoidNotice.objects.create(
        institution=institution,
        certificate=certificate,
        medium="newspaper",
        publication="日报",
        published_on=date(2025, 7, 1),
    )
    item = rec.ArchiveItem.objects.create(
        institution=institution,
        sitting=sitting,
        source="results",
        ref="scores",
        title="成绩登记表",
        retention_class="electronic",
        dated_on=date(2025, 6, 1),
        destroy_after=date(2030, 6, 1),
    )
    rec.ArchiveAccess.objects.create(
        institution=institution, item=item, kind="borrow", borrower="李四", purpose="检查"
    )
    req = rec.DestructionRequest.objects.create(
        institution=institution, sitting=sitting, reason="到期"
    )
    req.items.set([item])
    rec.ArchivePackage.objects.create(institution=institution, sitting=sitting)


def _records_room_rows(institution, rows, room):
    """A room record with attendance and a violation, a return register, an item-error
    report, a pledge and a duty log (REC-10, EXAM-11, EXAM-12)."""
    from skillcert.records import models as rec
    from skillcert.violations.models import Violation

    user = f.member(institution)
    record = rec.RoomRecord.objects.create(
        institution=institution, sitting=rows["sitting"], room=room
    )
    rec.RoomAttendance.objects.create(
        record=record,
        registration=rows["registration"],
        seat_no=1,
        ticket_number="259001000100101",
        status="present",
    )
    violation = Violation.objects.filter(registration=rows["registration"]).first()
    if violation is not None:
        rec.RoomViolation.objects.create(record=record, violation=violation, candidate_signed=True)
    counts = dict.fromkeys(rec.ReturnRegister.COUNTS, 1)
    rec.ReturnRegister.objects.create(
        institution=institution, sitting=rows["sitting"], room=room, seal_number="S1", **counts
    )
    rec.ItemErrorReport.objects.create(
        institution=institution, sitting=rows["sitting"], question_no=1, description="d"
    )
    rec.Pledge.objects.create(
        institution=institution, user=user, kind="maker", text="t", valid_until=date(2027, 1, 1)
    )
    rec.DutyLog.objects.create(
        institution=institution,
        day=date(2026, 12, 1),
        shift="全天",
        first=user,
        second=f.member(institution),
        notes="n",
    )


def _implementation_rows(institution, rows):
    """INST-13 plan, PLAN-11 re-check, INST-16 level approval, INST-14 result submission."""
    from skillcert.arrangement.models import CandidateRecheck, ImplementationPlan, LevelApproval
    from skillcert.scoring.models import ResultSubmission

    plan = ImplementationPlan.objects.create(
        institution=institution,
        sitting=rows["sitting"],
        content={"candidates": []},
        fingerprint="0" * 64,
        submitted_on=date(2025, 5, 1),
        due_on=date(2025, 5, 16),
    )
    CandidateRecheck.objects.create(
        institution=institution, plan=plan, registration=rows["registration"], finding="eligible"
    )
    LevelApproval.objects.create(institution=institution, sitting=rows["sitting"], reason="技师")
    ResultSubmission.objects.create(
        institution=institution, sitting=rows["sitting"], submitted_at=timezone.now()
    )


def _filing_rows(institution, certificate):
    """A filing application with a scope row, an attachment and a step (INST-02)."""
    from skillcert.filings.models import (
        FilingApplication,
        FilingAttachment,
        FilingScopeItem,
        FilingStep,
    )

    user = f.member(institution)
    application = FilingApplication.objects.create(institution=institution, created_by=user)
    FilingScopeItem.objects.create(application=application, occupation=f.occupation(), levels="4")
    FilingAttachment.objects.create(
        application=application,
        kind="letter",
        name="申请函.pdf",
        file="filings/x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=user,
    )
    FilingStep.objects.create(application=application, state="draft", decision="submit", by=user)
    _evaluation_rows(application)


def _evaluation_rows(application):
    """An evaluation group with an expert's mark, and a filing-number counter (INST-03/04)."""
    from skillcert.filings.models import (
        EvaluationGroup,
        EvaluationItem,
        EvaluationScore,
        Evaluator,
        FilingNumberCounter,
    )

    expert = f.user("admin-expert")
    group = EvaluationGroup.objects.create(application=application, named_by=expert)
    seat = Evaluator.objects.create(group=group, user=expert)
    EvaluationScore.objects.create(
        evaluator=seat, item=EvaluationItem.objects.get(order=3), points=6
    )
    FilingNumberCounter.objects.create(province="41", city="01", last_sequence=9001)


def _auth_rows():
    """Rows for the admins of other packages (auth groups, axes' sign-in records)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    Group.objects.create(name="审核组")
    who = {"user_agent": "ua", "ip_address": "127.0.0.1", "username": "kaowu", "path_info": "/"}
    AccessAttempt.objects.create(**who, failures_since_start=1, get_data="", post_data="")
    AccessLog.objects.create(**who)
    AccessFailureLog.objects.create(**who)


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


# Issue 16 item 10 (REC-09): what the admin may write, it audits. The lists below are made
# from admin.site._registry, so a new ModelAdmin is covered without editing this file.


def _superuser_request():
    from django.contrib.auth.models import User
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = User(username="probe", is_superuser=True, is_staff=True, is_active=True)
    return request


def _writable(permissions=("add", "change", "delete")):
    request = _superuser_request()
    return [
        model
        for model, model_admin in admin.site._registry.items()
        if any(getattr(model_admin, f"has_{p}_permission")(request) for p in permissions)
    ]


def _label(model) -> str:
    return model._meta.label


@pytest.mark.parametrize("model", list(admin.site._registry), ids=_label)
def test_rec_09_item_10_every_admin_is_read_only_or_audited(model):
    """Issue 16 item 10 (REC-09): a registered admin either grants a superuser no add, change
    or delete, or is an AuditedModelAdmin whose only bulk action is the audited delete."""
    from skillcert.core.admin_audit import AuditedModelAdmin

    model_admin = admin.site._registry[model]
    if model not in _writable():
        return
    assert isinstance(model_admin, AuditedModelAdmin), f"{model.__name__} writes unaudited"
    actions = set(model_admin.get_actions(_superuser_request()))
    assert actions <= {"delete_selected"}, f"{model.__name__}: unaudited actions {actions}"
    # Inline rows are saved through save_formset, which the base audits.


def _post_data(response) -> dict:
    """What a browser would send back for the change page as rendered: nothing edited."""
    from django.forms import CheckboxInput, MultiWidget

    ctx = response.context
    forms = [ctx["adminform"].form]
    for inline in ctx["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            bound = form[name]
            value, widget = bound.value(), field.widget
            if field.disabled or value is None:
                continue
            if isinstance(widget, MultiWidget):
                parts = value if isinstance(value, list | tuple) else widget.decompress(value)
                for i, part in enumerate(parts):
                    data[f"{bound.html_name}_{i}"] = "" if part is None else str(part)
            elif isinstance(widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)
    return data


@pytest.mark.parametrize("model", _writable(("change",)), ids=_label)
def test_rec_09_item_10_every_admin_change_writes_an_audit_entry(root, model):
    """Issue 16 item 10 (REC-09): saving any writable admin's change form writes an entry
    naming the row, with its state before and after, and the chain stays intact."""
    from skillcert.core.audit import audit_verify

    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"the data fixture lacks a {model.__name__}"
    page = root.get(url(model, "change", obj.pk))
    response = root.post(url(model, "change", obj.pk), _post_data(page))
    assert response.status_code == 302, response.context and response.context["errors"]
    entry = AuditEntry.objects.filter(
        action="admin.change", object_type=model._meta.label_lower, object_id=str(obj.pk)
    ).last()
    assert entry is not None and entry.actor_label == "root"
    assert entry.before is not None and entry.after is not None
    assert audit_verify().ok


def _row_counts() -> dict:
    # The admin's own history (LogEntry) and the audit chain grow by design; not counted.
    skip = {"admin.logentry", "core.auditentry"}
    models = apps.get_models(include_auto_created=True)
    return {m: m._base_manager.count() for m in models if m._meta.label_lower not in skip}


def _removed(counts: dict) -> int:
    return sum(n - m._base_manager.count() for m, n in counts.items())


def _delete_entries():
    return AuditEntry.objects.filter(action="admin.delete").exclude(object_type="admin.logentry")


@pytest.mark.parametrize("model", _writable(("delete",)), ids=_label)
def test_rec_09_item_10_every_admin_delete_is_audited_or_refused(root, model):
    """Issue 16 item 10 (REC-09): a delete through the admin, single or the bulk action,
    either changes nothing or writes an entry for each row it removed (cascades included)."""
    first, *rest = model.objects.order_by("pk")[:2]
    counts, before = _row_counts(), _delete_entries().count()
    root.post(url(model, "delete", first.pk), {"post": "yes"})
    gone = _removed(counts)
    assert _delete_entries().count() - before == gone, model
    if gone:
        assert _delete_entries().filter(object_id=str(first.pk)).exists()
    counts, before = _row_counts(), _delete_entries().count()
    selected = [o.pk for o in rest] or [first.pk]
    root.post(
        url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": selected, "post": "yes"},
    )
    assert _delete_entries().count() - before == _removed(counts), model


def _edit(root, obj, **changes):
    """Open `obj`'s admin change page, change `changes`, save; return the audit entry."""
    model = type(obj)
    data = _post_data(root.get(url(model, "change", obj.pk))) | changes
    assert root.post(url(model, "change", obj.pk), data).status_code == 302
    return AuditEntry.objects.filter(
        action="admin.change", object_type=model._meta.label_lower, object_id=str(obj.pk)
    ).last()


def test_rec_09_item_10_person_name_and_user_link_edits_are_audited(root, data):
    """Issue 16 item 10 (REC-09): renaming a person or linking them to another user account
    through the admin leaves an entry with the old and new value; the ID stays out of it."""
    person, someone = data["person"], f.user("linked")
    entry = _edit(root, person, name="张叁", user=str(someone.pk))
    assert entry.before["name"] == "张三" and entry.after["name"] == "张叁"
    assert entry.before["user_id"] is None and entry.after["user_id"] == someone.pk
    assert ID_NUMBER not in str(entry.before) + str(entry.after)
    assert person.id_number_encrypted not in str(entry.after)


def test_rec_09_item_10_institution_seal_and_name_edits_are_audited(root, data):
    """Issue 16 item 10 (REC-09): the seal text and name an institution prints are audited,
    and the entry belongs to that institution."""
    institution = apps.get_model("institutions", "Institution").objects.first()
    entry = _edit(root, institution, seal_text="新印章文字", name="改名学院")
    assert entry.after["seal_text"] == "新印章文字" and entry.after["name"] == "改名学院"
    assert entry.before["name"] == institution.name and entry.institution_id == institution.pk


def test_rec_09_item_10_membership_role_change_and_delete_are_audited(root, data):
    """Issue 16 item 10 (REC-09): who may act for an institution is audited when the admin
    changes a role or removes a membership."""
    membership = apps.get_model("institutions", "Membership").objects.first()
    old_role = membership.role
    new_role = next(r for r, _ in type(membership).ROLES if r != old_role)
    entry = _edit(root, membership, role=new_role)
    assert (entry.before["role"], entry.after["role"]) == (old_role, new_role)
    assert entry.institution_id == membership.institution_id
    root.post(url(type(membership), "delete", membership.pk), {"post": "yes"})
    gone = AuditEntry.objects.get(action="admin.delete", object_id=str(membership.pk))
    assert gone.before["role"] == new_role and gone.after is None


def test_rec_09_item_10_making_a_user_superuser_is_audited(root, data):
    """Issue 16 item 10 (REC-09): granting superuser rights is a change of who may act."""
    from django.contrib.auth.models import User

    user = User.objects.exclude(username="root").order_by("pk").first()
    entry = _edit(root, user, is_superuser="on", is_staff="on")
    assert entry.before["is_superuser"] is False and entry.after["is_superuser"] is True
    assert user.password not in str(entry.after)
