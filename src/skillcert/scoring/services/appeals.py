"""SCORE-05: appeals (成绩复核申请), their answer, and the panel's re-scoring (SCORE-03)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.core.workdays import add_workdays
from skillcert.plans.models import Registration

from .. import entry_rules, hooks
from ..models import PRACTICAL, THEORY, Appeal, Result, ResultNotice
from ..signals import appeal_decided
from .results import SUBJECT_LABELS, ScoreInput, parse_score, results_set


def _panel_scored(appeal: Appeal) -> bool:
    return appeal.subject == PRACTICAL and hooks.panel_scored(
        registration_id=appeal.registration_id
    )


def _panel_rescore(appeal: Appeal, result: Result, new_score) -> Decimal:
    """SCORE-03/05: the practical score after the panel's summary signed since the appeal."""
    if new_score not in (None, ""):
        raise DomainError(
            "appeal_panel_score",
            "技能成绩由考评组评定：请考评组重新评分、全体签名，核分并由组长签署汇总后再答复",
            field="new_score",
            rule="SCORE-03",
        )
    resigned = hooks.summary_signed_since(
        sitting_id=appeal.registration.sitting_id, since=appeal.received_at
    )
    if not resigned or result.practical_score == appeal.score_before:
        raise DomainError(
            "appeal_panel_pending",
            "考评组尚未就本申请重新评定并签署汇总，成绩未变；如维持原成绩请选择“维持原成绩”",
            rule="SCORE-03",
        )
    return result.practical_score


def appeal_deadline(notice: ResultNotice) -> date:
    """SCORE-05: the last day to apply, rules().appeal_window_days after the notice (002 §22
    "收到鉴定结果通知单一个月内"; 002 考务实施办法 "30天内", 逾期不再受理)."""
    return timezone.localdate(notice.notified_at) + timedelta(days=rules().appeal_window_days)


def _appeal_state(appeal: Appeal) -> dict:
    return {
        "registration": appeal.registration_id,
        "subject": appeal.subject,
        "status": appeal.status,
        "score_before": appeal.score_before,
        "outcome": appeal.outcome,
        "score_after": appeal.score_after,
        "due_on": appeal.due_on,
        "answer": appeal.answer,
    }


@transaction.atomic
def appeal_create(
    *, actor, registration: Registration, subject: str, reason: str, now: datetime | None = None
) -> Appeal:
    """SCORE-05: a candidate asks to re-check one subject within the window after the notice;
    the centre must answer within rules().appeal_answer_workdays working days of receipt."""
    now = now or timezone.now()
    person = getattr(actor, "person", None) if getattr(actor, "is_authenticated", False) else None
    if person is None or person.pk != registration.person_id:
        raise DomainError("appeal_not_yours", "只能对本人的成绩申请复核", rule="SCORE-05")
    if subject not in SUBJECT_LABELS:
        raise DomainError("appeal_subject", "请选择复核科目（理论或技能）", field="subject")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("appeal_reason", "请填写申请理由", field="reason", rule="SCORE-05")
    if len(reason) > 500:
        raise DomainError("appeal_reason_long", "申请理由最多500字", field="reason")
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    result = Result.objects.filter(registration=registration).first()
    notice = ResultNotice.objects.filter(sitting_id=registration.sitting_id).first()
    if registration.status != Registration.APPROVED or result is None or notice is None:
        raise DomainError("appeal_no_result", "成绩尚未公布，暂不能申请复核", rule="SCORE-05")
    deadline = appeal_deadline(notice)
    if timezone.localdate(now) > deadline:
        raise DomainError(
            "appeal_late",
            f"已超过复核申请期限（{deadline:%Y-%m-%d}），逾期不再受理",
            rule="SCORE-05",
        )
    if result.carried_subject == subject:
        raise DomainError(
            "appeal_carried",
            f"该科目为{result.carried_label}，请对原批次成绩申请复核",
            field="subject",
            rule="SCORE-02",
        )
    if Appeal.objects.filter(result=result, subject=subject, status=Appeal.PENDING).exists():
        raise DomainError(
            "appeal_pending", f"{SUBJECT_LABELS[subject]}成绩已有待答复的复核申请", rule="SCORE-05"
        )
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                institution_id=registration.institution_id,
                registration=registration,
                result=result,
                subject=subject,
                reason=reason,
                applicant=actor,
                received_at=now,
                due_on=add_workdays(timezone.localdate(now), rules().appeal_answer_workdays),
                score_before=getattr(result, f"{subject}_score"),
            )
    except IntegrityError:
        raise DomainError(
            "appeal_pending", f"{SUBJECT_LABELS[subject]}成绩已有待答复的复核申请", rule="SCORE-05"
        ) from None
    audit_record(actor=actor, action="appeal.create", obj=appeal, after=_appeal_state(appeal))
    return appeal


@transaction.atomic
def appeal_resolve(
    *,
    actor,
    appeal: Appeal,
    outcome: str,
    new_score=None,
    note: str,
    now: datetime | None = None,
) -> Appeal:
    """SCORE-05: answer an appeal. `upheld` keeps the score; `changed` writes the new score
    through results_set with the appeal in the audit entry (the pass decision follows).

    SCORE-03: a practical score given by an examiner panel is changed only by the panel: the
    members re-score and all sign, the checker re-checks and the leader re-signs the summary
    (which writes Result); `changed` then records that score, and a typed one is refused."""
    now = now or timezone.now()
    appeal = (
        Appeal.objects.select_for_update().select_related("registration__sitting").get(pk=appeal.pk)
    )
    if appeal.status != Appeal.PENDING:
        raise DomainError("appeal_answered", "该复核申请已答复", rule="SCORE-05")
    note = (note or "").strip()
    if not note:
        raise DomainError("appeal_note", "请填写答复意见", field="note", rule="SCORE-05")
    if len(note) > 500:
        raise DomainError("appeal_note_long", "答复意见最多500字", field="note")
    before = _appeal_state(appeal)
    result = Result.objects.select_for_update().get(pk=appeal.result_id)
    current = getattr(result, f"{appeal.subject}_score")
    if outcome == Appeal.UPHELD:
        if new_score not in (None, ""):
            raise DomainError("appeal_score_upheld", "维持原成绩时不填写新成绩", field="new_score")
        score_after = current
    elif outcome == Appeal.CHANGED and _panel_scored(appeal):
        score_after = _panel_rescore(appeal, result, new_score)
    elif outcome == Appeal.CHANGED:
        value, absent = parse_score(new_score, field="new_score")
        if value is None or absent:
            raise DomainError("appeal_score", "更正成绩时请填写新成绩", field="new_score")
        value = value.quantize(Decimal("0.1"))
        if value == current and not getattr(result, f"{appeal.subject}_absent"):
            raise DomainError(
                "appeal_score_same", "新成绩与原成绩相同，请选择“维持原成绩”", field="new_score"
            )
        scores = {
            s: (getattr(result, f"{s}_score"), getattr(result, f"{s}_absent"))
            for s in (THEORY, PRACTICAL)
        }
        scores[appeal.subject] = (value, False)
        item = ScoreInput(
            result.registration_id,
            scores[THEORY][0],
            scores[PRACTICAL][0],
            scores[THEORY][1],
            scores[PRACTICAL][1],
        )
        results_set(
            actor=actor,
            sitting=appeal.registration.sitting,
            items=[item],
            basis={"appeal": appeal.pk, "rule": "SCORE-05"},
            certificate_settled=True,
            source=entry_rules.APPEAL,
        )
        score_after = value
    else:
        raise DomainError("appeal_outcome", "请选择复核结论", field="outcome")
    appeal.status, appeal.outcome, appeal.score_after = Appeal.ANSWERED, outcome, score_after
    appeal.answer, appeal.answered_at = note, now
    appeal.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    appeal.save()
    settled = None
    if outcome == Appeal.CHANGED:  # CERT-04/06: certificates settles the certificate
        replies = appeal_decided.send(sender=Appeal, actor=actor, appeal=appeal)
        settled = next((reply for _, reply in replies if reply), None)
    after = {**_appeal_state(appeal), "late": timezone.localdate(now) > appeal.due_on}
    if settled:
        after["certificate"] = settled
    audit_record(actor=actor, action="appeal.resolve", obj=appeal, before=before, after=after)
    return appeal
