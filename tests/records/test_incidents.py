"""REC-05: incidents, major or general, first report within 10 minutes (late ones kept and
shown overdue), staged reports, final report with cause, handling, result and impact."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.records.incidents import services
from skillcert.records.models import Incident

from .helpers import at, room


def report(staff, institution, sitting, **kw):
    values = dict(
        actor=staff,
        institution=institution,
        sitting=sitting,
        category="g_power",
        exam_form=Incident.THEORY_PAPER,
        occurred_at=at(2026, 6, 1, 9, 20),
        description="第3考场9:20停电",
    )
    return services.incident_report(**(values | kw))


@freeze_time("2026-06-01 01:29:00")  # 09:29 Beijing time, 9 minutes after discovery
def test_rec_05_first_report_within_10_minutes_is_on_time(staff, institution, sitting):
    incident = report(staff, institution, sitting, room=room(institution))
    assert (incident.report_minutes, incident.report_late) == (9, False)
    assert incident.severity == "general"
    assert AuditEntry.objects.filter(action="incident.report", object_id=str(incident.pk)).exists()


@freeze_time("2026-06-01 01:45:00")  # 25 minutes after discovery
def test_rec_05_first_report_after_10_minutes_is_kept_and_marked_late(staff, institution, sitting):
    incident = report(staff, institution, sitting, category="m_leak", exam_form="online")
    assert incident.report_late and incident.report_minutes == 25
    assert incident.severity == "major"  # 002: a leaked paper is a major incident


@freeze_time("2026-06-01 01:45:00")
def test_rec_05_minutes_count_from_discovery_not_occurrence(staff, institution, sitting):
    incident = report(staff, institution, sitting, discovered_at=at(2026, 6, 1, 9, 40))
    assert (incident.report_minutes, incident.report_late) == (5, False)


@freeze_time("2026-06-01 02:00:00")
def test_rec_05_staged_reports_then_final_report_closes(staff, institution, sitting):
    incident = report(staff, institution, sitting)
    services.incident_stage_add(actor=staff, incident=incident, text="已启用备用电源")
    services.incident_stage_add(actor=staff, incident=incident, text="10:05恢复供电，补时15分钟")
    assert incident.stages.count() == 2
    with pytest.raises(DomainError) as exc:
        services.incident_close(
            actor=staff,
            incident=incident,
            cause="线路故障",
            handling="抢修",
            result="",
            impact="无",
        )
    assert exc.value.field == "result"
    incident.refresh_from_db()
    assert incident.status == Incident.OPEN  # nothing changed
    services.incident_close(
        actor=staff,
        incident=incident,
        cause="线路故障",
        handling="抢修并补时",
        result="考试正常完成",
        impact="无社会影响",
    )
    incident.refresh_from_db()
    assert incident.status == Incident.CLOSED and incident.impact == "无社会影响"
    with pytest.raises(DomainError) as exc:
        services.incident_stage_add(actor=staff, incident=incident, text="补充")
    assert exc.value.rule == "REC-05"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"incident.report", "incident.stage", "incident.close"} <= actions


@pytest.mark.parametrize(
    "kw,field",
    [
        ({"category": "nope"}, "category"),
        ({"exam_form": "x"}, "exam_form"),
        ({"description": "  "}, "description"),
        ({"occurred_at": timezone.now() + timedelta(days=1)}, "occurred_at"),
        ({"discovered_at": at(2026, 6, 1, 9, 0)}, "discovered_at"),
    ],
)
@freeze_time("2026-06-01 02:00:00")
def test_rec_05_bad_input_named_and_nothing_written(staff, institution, sitting, kw, field):
    with pytest.raises(DomainError) as exc:
        report(staff, institution, sitting, **kw)
    assert exc.value.field == field and not Incident.objects.exists()


@freeze_time("2026-06-01 02:00:00")
def test_rec_05_another_institutions_room_is_refused(
    staff, institution, sitting, other_institution
):
    with pytest.raises(DomainError) as exc:
        report(staff, institution, sitting, room=room(other_institution, 9))
    assert exc.value.field == "room"
