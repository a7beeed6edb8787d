"""Writes of incidents (REC-05), each with its audit entry in the same transaction (REC-09).

- `incident_report`: the first report. Its lateness is kept, never refused: an incident
  reported 25 minutes after it was found is still reported, and shown overdue.
- `incident_stage_add`: a staged report while the incident is open.
- `incident_close`: the final report (cause, handling, result, impact); then nothing more.
EXAM-10's extra time for an online stoppage stays in exams (exams.ExamIncident); this is the
institution's record of the incident itself, for online and paper sittings alike.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from skillcert.arrangement.models import Room
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting

from .. import texts as t
from ..models.incidents import CATEGORIES, Incident, IncidentStage
from ..texts import moment, user_or_none


def _snapshot(i: Incident) -> dict:
    return {
        "sitting": i.sitting_id,
        "room": i.room_id,
        "exam_form": i.exam_form,
        "category": i.category,
        "severity": i.severity,
        "source": i.source,
        "occurred_at": i.occurred_at,
        "discovered_at": i.discovered_at,
        "reported_at": i.reported_at,
        "report_minutes": i.report_minutes,
        "report_late": i.report_late,
        "status": i.status,
        "cause": i.cause,
        "handling": i.handling,
        "result": i.result,
        "impact": i.impact,
    }


def report_minutes(discovered_at: datetime, reported_at: datetime) -> int:
    """Whole minutes from discovery to the first report, rounded up (10m01s is 11)."""
    seconds = max(0, (reported_at - discovered_at).total_seconds())
    return int(-(-seconds // 60))


@transaction.atomic
def incident_report(
    *,
    actor,
    institution: Institution,
    sitting: Sitting,
    category: str,
    exam_form: str,
    occurred_at: datetime,
    discovered_at: datetime | None = None,
    description: str,
    room: Room | None = None,
    source: str = Incident.MANUAL,
    digest: str = "",
) -> Incident:
    """REC-05: the first report of an incident, major or general by its 002 category; the
    minutes from discovery to this report are kept and a report later than the rule's 10
    minutes is marked late (shown overdue)."""
    if sitting.institution_id != institution.pk:
        raise DomainError("sitting", "该批次不属于本机构", field="sitting")
    if category not in CATEGORIES:
        raise DomainError("category", "请选择事件类别（重大事件或一般事件）", field="category")
    if exam_form not in dict(Incident.FORMS):
        raise DomainError("exam_form", "请选择考试形式", field="exam_form")
    if room is not None and room.institution_id != institution.pk:
        raise DomainError("room", "该考场不属于本机构", field="room")
    occurred_at = moment(occurred_at, field="occurred_at", label="发生时间")
    discovered_at = moment(discovered_at or occurred_at, field="discovered_at", label="发现时间")
    if discovered_at < occurred_at:
        raise DomainError("discovered_at", "发现时间不能早于发生时间", field="discovered_at")
    description = t.text(description, field="description", label="初次报告内容（时间、地点、情况）")
    now = timezone.now()
    minutes = report_minutes(discovered_at, now)
    incident = Incident.objects.create(
        institution=institution,
        sitting=sitting,
        room=room,
        exam_form=exam_form,
        category=category,
        severity=CATEGORIES[category][0],
        source=source,
        occurred_at=occurred_at,
        discovered_at=discovered_at,
        reported_at=now,
        report_minutes=minutes,
        report_late=minutes > rules().incident_first_report_minutes,
        description=description,
        reported_by=user_or_none(actor),
        digest=digest,
    )
    audit_record(actor=actor, action="incident.report", obj=incident, after=_snapshot(incident))
    return incident


def _open(incident: Incident) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status == Incident.CLOSED:
        raise DomainError(
            "incident_closed", "该事件已提交最终报告并结案，不能再修改", rule="REC-05"
        )
    return incident


@transaction.atomic
def incident_stage_add(*, actor, incident: Incident, text: str) -> IncidentStage:
    """REC-05: a staged report (阶段性报告) while the incident is open."""
    body = t.text(text, field="text", label="阶段性报告内容（事态发展、决定与处理）")
    incident = _open(incident)
    stage = IncidentStage.objects.create(
        incident=incident, at=timezone.now(), text=body, by=user_or_none(actor)
    )
    audit_record(
        actor=actor,
        action="incident.stage",
        obj=stage,
        institution_id=incident.institution_id,
        after={"incident": incident.pk, "at": stage.at, "text": body},
    )
    return stage


@transaction.atomic
def incident_close(
    *, actor, incident: Incident, cause: str, handling: str, result: str, impact: str
) -> Incident:
    """REC-05: the final report with cause, handling, result and impact (all four needed)."""
    values = {
        "cause": t.text(cause, field="cause", label="事件原因"),
        "handling": t.text(handling, field="handling", label="处理经过"),
        "result": t.text(result, field="result", label="处理结果"),
        "impact": t.text(impact, field="impact", label="影响（含社会影响）"),
    }
    incident = _open(incident)
    before = _snapshot(incident)
    for name, value in values.items():
        setattr(incident, name, value)
    incident.status = Incident.CLOSED
    incident.closed_at = timezone.now()
    incident.closed_by = user_or_none(actor)
    incident.save()
    audit_record(
        actor=actor, action="incident.close", obj=incident, before=before, after=_snapshot(incident)
    )
    return incident
