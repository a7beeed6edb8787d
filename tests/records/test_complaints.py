"""REC-04: complaints registered (name, unit, contact, content, evidence); within 3 working
days the decision whether to investigate with a written notice; the person complained about
takes no part; a decision within 7 working days, extendable with notice; archived."""

from datetime import date

import pytest
from freezegun import freeze_time

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.people.models import Person
from skillcert.records.complaints import services
from skillcert.records.complaints.notices import deadlines
from skillcert.records.models import Complaint, ComplaintNotice
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def register(staff, institution, **kw):
    values = dict(
        actor=staff,
        institution=institution,
        name="王明",
        unit="某职业学院",
        contact="13800000000",
        content="监考员在考试中提示他人答案",
        received_on=date(2026, 9, 30),
    )
    return services.complaint_register(**(values | kw))


def accused_person(user):
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(name="被投诉人", id_type="resident", id_masked="x")
        person.user = user
        person.save()
    return person


@freeze_time("2026-10-09")
def test_rec_04_deadlines_in_working_days_across_national_day(staff, institution):
    c = register(staff, institution, evidence=[("证据.pdf", PDF)])
    # 30 Sep 2026 + 3 working days: 1-7 Oct are holidays, 10 Oct (Sat) a make-up day.
    assert c.accept_due == date(2026, 10, 10)
    assert c.decision_due == date(2026, 10, 15)
    assert c.evidence.count() == 1
    first = deadlines(c)[0]
    assert first.state == "near" and first.left == 1  # 10 Oct is the last working day left


@freeze_time("2026-10-12")
def test_rec_04_runs_to_its_decision_with_notices_then_archived(staff, institution):
    c = register(staff, institution)
    notice = services.complaint_accept(
        actor=staff, complaint=c, investigate=True, reason="情况属实需调查", on=date(2026, 10, 9)
    )
    assert notice.kind == ComplaintNotice.ACCEPTANCE and "2026年10月15日前" in notice.text
    services.complaint_extend(
        actor=staff, complaint=c, workdays=2, reason="需调取监控", on=date(2026, 10, 12)
    )
    c.refresh_from_db()
    assert c.decision_due == date(2026, 10, 19) and c.extended  # 16 Oct (Fri), 19 Oct (Mon)
    services.complaint_decide(actor=staff, complaint=c, decision="对该监考员暂停聘用")
    services.complaint_archive(actor=staff, complaint=c)
    c.refresh_from_db()
    assert c.status == Complaint.ARCHIVED
    assert list(c.notices.values_list("kind", flat=True)) == ["acceptance", "extension", "decision"]
    actions = list(
        AuditEntry.objects.filter(action__startswith="complaint.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "complaint.register",
        "complaint.accept",
        "complaint.extend",
        "complaint.decide",
        "complaint.archive",
    ]
    assert [d.state for d in deadlines(c)] == ["done", "done"]


@freeze_time("2026-10-20")
def test_rec_04_the_person_complained_about_is_refused_at_every_step(staff, institution):
    handler = f.colleague(staff)
    c = register(staff, institution, accused=[accused_person(handler)])
    with pytest.raises(DomainError) as exc:
        services.complaint_accept(actor=handler, complaint=c, investigate=False, reason="无")
    assert exc.value.rule == "REC-04"
    c.refresh_from_db()
    assert c.status == Complaint.REGISTERED
    with pytest.raises(DomainError):
        register(handler, institution, accused=[accused_person(handler)])
    services.complaint_accept(actor=staff, complaint=c, investigate=True, reason="调查")
    for call in (
        lambda: services.complaint_decide(actor=handler, complaint=c, decision="不成立"),
        lambda: services.complaint_extend(actor=handler, complaint=c, workdays=1, reason="x"),
    ):
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.code == "accused_handler"


@freeze_time("2026-10-20")
def test_rec_04_late_decision_kept_and_shown_late_extension_after_due_refused(staff, institution):
    c = register(staff, institution)
    services.complaint_accept(actor=staff, complaint=c, investigate=True, reason="调查")
    c.refresh_from_db()
    assert deadlines(c)[0].state == "late"  # decided 20 Oct, due 10 Oct
    assert deadlines(c)[1].state == "overdue"
    with pytest.raises(DomainError) as exc:
        services.complaint_extend(actor=staff, complaint=c, workdays=2, reason="x")
    assert exc.value.code == "extension_late" and exc.value.rule == "REC-04"


@freeze_time("2026-10-09")
def test_rec_04_declined_complaint_is_told_and_archived(staff, institution):
    c = register(staff, institution)
    notice = services.complaint_accept(
        actor=staff, complaint=c, investigate=False, reason="不属于本机构受理范围"
    )
    assert "不予调查" in notice.text
    with pytest.raises(DomainError):
        services.complaint_decide(actor=staff, complaint=c, decision="x")
    services.complaint_archive(actor=staff, complaint=c)


@pytest.mark.parametrize(
    "kw,field",
    [
        ({"name": ""}, "name"),
        ({"contact": " "}, "contact"),
        ({"content": ""}, "content"),
        ({"content": "x" * 5000}, "content"),
        ({"received_on": date(2027, 1, 1)}, "received_on"),
        ({"evidence": [("a.exe", b"MZ\x90")]}, "evidence"),
    ],
)
@freeze_time("2026-10-09")
def test_rec_04_bad_input_named_and_nothing_written(staff, institution, kw, field):
    with pytest.raises(DomainError) as exc:
        register(staff, institution, **kw)
    assert exc.value.field == field and not Complaint.objects.exists()


@freeze_time("2026-10-09")
def test_rec_04_extension_bounded(staff, institution):
    c = register(staff, institution)
    services.complaint_accept(actor=staff, complaint=c, investigate=True, reason="调查")
    with pytest.raises(DomainError) as exc:
        services.complaint_extend(actor=staff, complaint=c, workdays=30, reason="x")
    assert exc.value.field == "workdays"
