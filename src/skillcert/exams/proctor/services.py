"""The proctor's actions (EXAM-10 extra time, incident notes, force submit), all audited."""

from datetime import timedelta

from django.db import transaction

from skillcert.arrangement.models import Room
from skillcert.core.audit import AuditDraft, audit_record, audit_record_many
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules

from .. import timing
from ..models import Exam, ExamAttempt, ExamIncident
from ..scoring import attempt_submit


def _note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise DomainError("incident_note", "请填写情况记录", field="note", rule="EXAM-10")
    if len(note) > 1000:
        raise DomainError("incident_note", "情况记录至多1000字", field="note")
    return note


def _by(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_target(exam: Exam, room: Room | None, attempt: ExamAttempt | None) -> None:
    if room is not None and room.institution_id != exam.institution_id:
        raise DomainError("incident_room", "考场不属于本机构", field="room")
    if attempt is not None and attempt.exam_id != exam.pk:
        raise DomainError("incident_attempt", "该考生不在本场考试", field="attempt")


@transaction.atomic
def incident_record(
    *, actor, exam: Exam, note: str, room: Room | None = None, attempt: ExamAttempt | None = None
) -> ExamIncident:
    """An incident note (no time given back), e.g. a candidate's misconduct or a fault."""
    _check_target(exam, room, attempt)
    incident = ExamIncident.objects.create(
        institution_id=exam.institution_id,
        exam=exam,
        room=room,
        attempt=attempt,
        note=_note(note),
        by=_by(actor),
    )
    audit_record(
        actor=actor,
        action="exam.incident",
        obj=incident,
        after={"room": room and room.pk, "attempt": attempt and attempt.pk, "note": incident.note},
    )
    return incident


@transaction.atomic
def extra_time_grant(
    *,
    actor,
    exam: Exam,
    minutes: int,
    note: str,
    room: Room | None = None,
    attempt: ExamAttempt | None = None,
) -> ExamIncident:
    """EXAM-10: a stoppage under 30 minutes is given back as extra time to one candidate or
    to every candidate of a room still writing; 30 minutes or more (also in total for one
    candidate) is not an extra-time case: the exam is re-scheduled."""
    limit = rules().exam_stoppage_max_minutes
    note = _note(note)
    _check_target(exam, room, attempt)
    if (room is None) == (attempt is None):
        raise DomainError("extra_target", "请选择一名考生或一个考场", field="room")
    if not isinstance(minutes, int) or minutes < 1:
        raise DomainError("extra_minutes", "补时应为正整数分钟", field="minutes", rule="EXAM-10")
    if minutes >= limit:
        raise DomainError(
            "stoppage_too_long",
            f"中断{minutes}分钟，已达{limit}分钟：不能以补时处理，"
            "应按应急预案重新安排考试（提交批次变更）",
            field="minutes",
            rule="EXAM-10",
        )
    targets = ExamAttempt.objects.select_for_update().filter(exam=exam, submitted_at__isnull=True)
    if attempt is not None:
        targets = targets.filter(pk=attempt.pk)
    else:
        targets = targets.filter(registration__seat__room=room)
    targets = list(targets)
    if not targets:
        raise DomainError(
            "extra_none", "没有正在作答的考生可以补时（未登录或已交卷）", rule="EXAM-10"
        )
    over = [a for a in targets if a.extra_minutes + minutes >= limit]
    if over:
        raise DomainError(
            "stoppage_too_long",
            f"{len(over)}名考生累计中断将达{limit}分钟：不能以补时处理，应按应急预案重新安排考试",
            field="minutes",
            rule="EXAM-10",
        )
    incident = ExamIncident.objects.create(
        institution_id=exam.institution_id,
        exam=exam,
        room=room,
        attempt=attempt,
        note=note,
        minutes_lost=minutes,
        extra_granted=True,
        by=_by(actor),
    )
    drafts = [
        AuditDraft(
            "exam.incident",
            "exams.examincident",
            str(incident.pk),
            exam.institution_id,
            None,
            {"room": room and room.pk, "attempt": attempt and attempt.pk, "minutes": minutes},
        )
    ]
    base = timing.exam_ends(exam)
    for a in targets:
        before = {"extra_minutes": a.extra_minutes, "ends_at": a.ends_at.isoformat()}
        a.extra_minutes += minutes
        a.ends_at = base + timedelta(minutes=a.extra_minutes)
        drafts.append(
            AuditDraft(
                "exam.extra_time",
                "exams.examattempt",
                str(a.pk),
                exam.institution_id,
                before,
                {"extra_minutes": a.extra_minutes, "ends_at": a.ends_at.isoformat()},
            )
        )
    ExamAttempt.objects.bulk_update(targets, ["extra_minutes", "ends_at"])
    audit_record_many(actor=actor, drafts=drafts)
    return incident


@transaction.atomic
def attempt_force_submit(*, actor, attempt: ExamAttempt, reason: str) -> ExamAttempt:
    """The proctor ends a candidate's exam now (misconduct, leaving); scored as it stands."""
    reason = _note(reason)
    if attempt.submitted_at is not None:
        raise DomainError("force_submitted", "该考生已交卷")
    incident_record(actor=actor, exam=attempt.exam, note=f"强制交卷：{reason}", attempt=attempt)
    return attempt_submit(actor=actor, attempt=attempt, kind=ExamAttempt.FORCED, reason=reason)
