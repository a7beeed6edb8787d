"""REC-06: the 3-person supervision group's report with the internal supervision plan and the
checklist of 002 质量监督机制, signed by all three (each their own login) within 2 days."""

import pytest
from freezegun import freeze_time

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.records.models import SupervisionReport
from skillcert.records.supervision_report import services
from skillcert.records.supervision_report.checklist import ITEMS

from .helpers import supervisors

ALL_OK = {code: {"ok": True, "note": ""} for code in ITEMS}


def save(user, sitting, **kw):
    values = dict(
        actor=user,
        institution=sitting.institution,
        sitting=sitting,
        plan="三名督导员分别督导理论考场、实操考场与试卷保管",
        checklist=ALL_OK,
        findings="考风考纪良好",
    )
    return services.supervision_report_save(**(values | kw))


@freeze_time("2026-06-03 04:00:00")
def test_rec_06_signed_by_all_three_within_two_days(sitting):
    group = supervisors(sitting)
    report = save(group[0], sitting)
    assert str(report.due_on) == "2026-06-04"  # practical on 2 June + 2 days
    for u in group:
        services.supervision_report_sign(actor=u, report=report)
    report.refresh_from_db()
    assert report.status == SupervisionReport.SIGNED and not report.late
    assert report.signatures.count() == 3
    assert AuditEntry.objects.filter(action="supervision_report.sign").count() == 3


@freeze_time("2026-06-03 04:00:00")
def test_rec_06_text_frozen_at_first_signature_and_no_double_signing(sitting):
    group = supervisors(sitting)
    report = save(group[0], sitting)
    services.supervision_report_sign(actor=group[1], report=report)
    with pytest.raises(DomainError) as exc:
        save(group[0], sitting, findings="改写")
    assert exc.value.rule == "REC-06"
    with pytest.raises(DomainError) as exc:
        services.supervision_report_sign(actor=group[1], report=report)
    assert exc.value.code == "signed_already"


def test_rec_06_late_signature_completes_but_is_shown_late(sitting):
    group = supervisors(sitting)
    with freeze_time("2026-06-03 04:00:00"):
        report = save(group[0], sitting)
        services.supervision_report_sign(actor=group[0], report=report)
        services.supervision_report_sign(actor=group[1], report=report)
    with freeze_time("2026-06-08 04:00:00"):
        services.supervision_report_sign(actor=group[2], report=report)
    report.refresh_from_db()
    assert report.status == SupervisionReport.SIGNED and report.late


@freeze_time("2026-06-03 04:00:00")
def test_rec_06_only_the_group_of_three_writes_and_signs(sitting, staff):
    with pytest.raises(DomainError) as exc:
        save(staff, sitting)
    assert exc.value.code == "group_size"
    group = supervisors(sitting)
    with pytest.raises(DomainError) as exc:
        save(staff, sitting)  # an exam-affairs member outside the group
    assert exc.value.code == "not_in_group"
    assert not SupervisionReport.objects.exists()
    supervisors(sitting, 1)  # a fourth supervisor on the plan: no longer a group of three
    with pytest.raises(DomainError) as exc:
        save(group[0], sitting)
    assert exc.value.code == "group_size"


@freeze_time("2026-06-01 04:00:00")
def test_rec_06_signing_waits_for_the_end_of_the_sitting(sitting):
    group = supervisors(sitting)
    report = save(group[0], sitting)
    with pytest.raises(DomainError) as exc:
        services.supervision_report_sign(actor=group[0], report=report)
    assert exc.value.code == "too_early"


@pytest.mark.parametrize(
    "checklist,needle",
    [
        ({}, "未填"),
        (ALL_OK | {"org_1": {"ok": False, "note": ""}}, "检查表说明"),
        (ALL_OK | {"zzz": {"ok": True}}, "没有"),
        (ALL_OK | {"org_1": {"ok": "yes"}}, "符合或不符合"),
    ],
)
@freeze_time("2026-06-03 04:00:00")
def test_rec_06_checklist_every_item_answered(sitting, checklist, needle):
    group = supervisors(sitting)
    with pytest.raises(DomainError) as exc:
        save(group[0], sitting, checklist=checklist)
    assert exc.value.field == "checklist" and needle in exc.value.message


@freeze_time("2026-06-03 04:00:00")
def test_rec_06_report_pdf_has_checklist_and_all_signatures(sitting, client):
    import io

    from pypdf import PdfReader

    group = supervisors(sitting)
    report = save(
        group[0], sitting, checklist=ALL_OK | {"org_3": {"ok": False, "note": "查处不及时"}}
    )
    for u in group:
        services.supervision_report_sign(actor=u, report=report)
    client.force_login(group[0])
    r = client.get(f"/i/{sitting.institution_id}/sittings/{sitting.pk}/supervision-report/pdf/")
    pages = PdfReader(io.BytesIO(r.content)).pages
    text = "".join(p.extract_text() for p in pages).replace("\n", "")
    assert "质量督导报告" in text and "不符合（查处不及时）" in text
    assert text.count("2026-06-03 12:00") == 3 and report.sitting.name in text
