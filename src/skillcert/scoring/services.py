"""Writes of scores and the pass decision (SCORE-01), the carry of a passed single subject
(SCORE-02), the notice to candidates (SCORE-04), appeals (SCORE-05) and publication
(SCORE-06); every change in the audit chain (REC-09).

Where SCORE-02 carrying happens: in `results_set`, for every candidate it writes. A subject
left empty (None, not absent) for a candidate who passed exactly that subject at an earlier
sitting of the same occupation, job type and level, taken no more than
rules().single_subject_valid_days before the day the candidate retakes the other subject,
is filled from the earlier score; the Result records `carried_subject`, `carried_from` (the
Result holding the original score, never a carry of a carry) and `carried_on` (the day it
was taken). A score typed into the carried subject replaces the carry. `results_carry`
pre-fills the carries of a whole sitting (the "带入沿用成绩" button; the plans app may call it
when it approves a registration) so the sheet shows them before any score is entered.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from skillcert.core.audit import AuditDraft, audit_record, audit_record_many
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.core.workdays import add_workdays
from skillcert.plans.models import Registration, Sitting

from . import entry_rules, hooks
from .models import PRACTICAL, THEORY, Appeal, Result, ResultNotice, ResultPublication
from .signals import appeal_decided

SUBJECT_LABELS = {THEORY: "理论", PRACTICAL: "技能"}

ABSENT_WORDS = {"缺考", "缺席", "absent"}


@dataclass(frozen=True)
class ScoreInput:
    """One candidate's scores as entered; None means not entered yet."""

    registration_id: int
    theory: Decimal | None = None
    practical: Decimal | None = None
    theory_absent: bool = False
    practical_absent: bool = False


def parse_score(raw, *, field: str) -> tuple[Decimal | None, bool]:
    """'85.5' -> (85.5, False); '缺考' -> (0, True); '' -> (None, False). SCORE-01: out of 100."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        return None, False
    if text.lower() in ABSENT_WORDS:
        return Decimal("0"), True
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DomainError("score_format", f"成绩“{text}”不是数字", field=field) from None
    full = rules().full_mark
    if not value.is_finite() or value < 0 or value > full:
        raise DomainError(
            "score_range", f"成绩{text}应在0到{full}之间", field=field, rule="SCORE-01"
        )
    if value != value.quantize(Decimal("0.1")):
        raise DomainError("score_precision", f"成绩{text}最多保留1位小数", field=field)
    return value, False


def decide_pass(theory: Decimal | None, practical: Decimal | None) -> bool | None:
    """SCORE-01: both subjects >= the pass mark; undecided while either is missing."""
    if theory is None or practical is None:
        return None
    mark = rules().pass_mark
    return theory >= mark and practical >= mark


def _state(result: Result | None) -> dict | None:
    if result is None:
        return None
    return {
        "theory": result.theory_score,
        "theory_absent": result.theory_absent,
        "practical": result.practical_score,
        "practical_absent": result.practical_absent,
        "passed": result.passed,
        "carried_subject": result.carried_subject,
        "carried_from": result.carried_from_id,
    }


def _score(value: Decimal | None, absent: bool) -> Decimal | None:
    # SCORE-01: an absent candidate scores 0 in that subject. One decimal, as stored.
    if absent:
        return Decimal("0.0")
    if value is None:
        return None
    checked, _ = parse_score(value, field="score")  # services own the range rule too
    return checked.quantize(Decimal("0.1"))


def _apply(result: Result, item: ScoreInput, carry: "Carry | None" = None) -> None:
    result.theory_absent, result.practical_absent = item.theory_absent, item.practical_absent
    result.theory_score = _score(item.theory, item.theory_absent)
    result.practical_score = _score(item.practical, item.practical_absent)
    _apply_carry(result, carry)
    result.passed = decide_pass(result.theory_score, result.practical_score)


# --- SCORE-02: a passed single subject carried into a later sitting --------------------------


@dataclass(frozen=True)
class Carry:
    subject: str  # THEORY or PRACTICAL: the subject passed earlier
    score: Decimal
    source: Result  # the Result holding the original score
    taken_on: date  # the day that subject was taken

    @property
    def label(self) -> str:
        return f"沿用{self.taken_on:%Y-%m-%d}成绩"


def _other(subject: str) -> str:
    return PRACTICAL if subject == THEORY else THEORY


def subject_day(sitting, subject: str) -> date | None:
    """The day a sitting assesses a subject (the other date when only one is set)."""
    own = sitting.theory_on if subject == THEORY else sitting.practical_on
    return own or sitting.practical_on or sitting.theory_on


def single_passed_subject(result: Result) -> str | None:
    """SCORE-02: the one subject passed in a failed result, else None."""
    if result.passed is not False:
        return None
    mark = rules().pass_mark
    ok = [
        s
        for s in (THEORY, PRACTICAL)
        if not getattr(result, f"{s}_absent")
        and getattr(result, f"{s}_score") is not None
        and getattr(result, f"{s}_score") >= mark
    ]
    return ok[0] if len(ok) == 1 else None


def carries_for(registrations) -> dict[int, Carry]:
    """SCORE-02: per registration id, the subject passed alone at an earlier sitting of the same
    occupation, job type and level, taken at most single_subject_valid_days before the day
    this registration's sitting assesses the other subject. The latest valid one wins."""
    regs = list(registrations)
    if not regs:
        return {}
    valid = timedelta(days=rules().single_subject_valid_days)
    earlier = (
        Result.objects.filter(
            registration__person_id__in={r.person_id for r in regs},
            registration__status=Registration.APPROVED,
            passed=False,
        )
        .exclude(registration__sitting_id__in={r.sitting_id for r in regs})
        .select_related("registration__sitting", "carried_from")
    )
    by_person: dict[int, list[Result]] = {}
    for res in earlier:
        by_person.setdefault(res.registration.person_id, []).append(res)
    out: dict[int, Carry] = {}
    for reg in regs:
        sitting = reg.sitting
        for res in by_person.get(reg.person_id, []):
            old = res.registration.sitting
            if (old.occupation_id, old.job_type_id, old.level) != (
                sitting.occupation_id,
                sitting.job_type_id,
                sitting.level,
            ):
                continue
            subject = single_passed_subject(res)
            if subject is None:
                continue
            if res.carried_subject == subject and res.carried_from is not None:
                source, taken_on = res.carried_from, res.carried_on
            else:
                source, taken_on = res, subject_day(old, subject)
            retake_on = subject_day(sitting, _other(subject))
            if taken_on is None or retake_on is None:
                continue
            if not (taken_on < retake_on <= taken_on + valid):
                continue
            best = out.get(reg.pk)
            if best is None or taken_on > best.taken_on:
                score = getattr(source, f"{subject}_score")
                out[reg.pk] = Carry(subject, score, source, taken_on)
    return out


def _apply_carry(result: Result, carry: Carry | None) -> None:
    """Fill the carried subject when it was left empty, or re-entered as the carried score
    (a GET-then-PUT round trip keeps the carry); a different score replaces the carry."""
    keep = None
    if carry is not None:
        score = getattr(result, f"{carry.subject}_score")
        absent = getattr(result, f"{carry.subject}_absent")
        if not absent and (score is None or score == carry.score):
            keep = carry
    if keep is None:
        result.carried_subject, result.carried_from, result.carried_on = "", None, None
        return
    setattr(result, f"{keep.subject}_score", keep.score)
    result.carried_subject, result.carried_from = keep.subject, keep.source
    result.carried_on = keep.taken_on


@transaction.atomic
def results_set(
    *,
    actor,
    sitting,
    items: list[ScoreInput],
    basis: dict | None = None,
    certificate_settled: bool = False,
    source: str = entry_rules.ENTRY,
) -> list[Result]:
    """Enter or change scores of a sitting's candidates: all rows or none, each change audited.

    SCORE-02: an empty subject is filled from a valid carry (see the module docstring).
    `basis` (e.g. {"appeal": 12}) is recorded in each audit entry's `after` (SCORE-05).
    `certificate_settled` is for the appeal path only (scoring.signals.appeal_decided), which
    voids or keeps the certificate itself in the same transaction (CERT-06).
    `source` names the door the scores come through (entry_rules: typed entry, online exam,
    panel summary, appeal, carry); entry_rules decides who may write which subject, and when
    (SCORE-03, SCORE-06, ARR-04/05, nothing before the exam day).
    """
    regs = {
        r.pk: r
        for r in Registration.objects.select_for_update().filter(
            sitting=sitting, pk__in=[i.registration_id for i in items]
        )
    }
    for reg in regs.values():
        reg.sitting = sitting
    carries = carries_for(regs.values())
    existing = {r.registration_id: r for r in Result.objects.filter(registration_id__in=regs)}
    issued = set(
        Registration.objects.filter(pk__in=regs, certificate__isnull=False).values_list(
            "pk", flat=True
        )
    )
    sanctioned = hooks.sanctioned_subjects(registration_ids=regs)
    guard = None  # read on the first row that changes (an unchanged sheet costs nothing)
    changed, drafts = [], []
    for item in items:
        reg = regs.get(item.registration_id)
        if reg is None:
            raise DomainError("score_registration", f"报名号{item.registration_id}不属于本批次")
        if reg.status != Registration.APPROVED:
            raise DomainError(
                "score_not_approved",
                f"{reg.person.name}的报名未通过审核，不能录入成绩",
                rule="PLAN-08",
            )
        result = existing.get(reg.pk) or Result(registration=reg, institution_id=reg.institution_id)
        before = _state(result if result.pk else None)
        _apply(result, item, carries.get(reg.pk))
        after = _state(result)
        if before == after:
            continue
        if reg.pk in issued and not certificate_settled:
            raise DomainError(
                "score_certified", f"{reg.person.name}已核发证书，成绩不能再修改", rule="CERT-06"
            )
        _refuse_sanctioned(reg, before, after, sanctioned.get(reg.pk, set()))
        guard = guard or entry_rules.EntryCheck.load(actor=actor, sitting=sitting, source=source)
        guard.check(reg, before, after)
        result.entered_by = actor if getattr(actor, "is_authenticated", False) else None
        result.save()
        changed.append(result)
        if basis:
            after = {**after, "basis": basis}
        drafts.append(
            AuditDraft(
                "result.set", "scoring.result", str(result.pk), reg.institution_id, before, after
            )
        )
    audit_record_many(actor=actor, drafts=drafts)
    return changed


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


def _refuse_sanctioned(reg, before: dict | None, after: dict, subjects: set[str]) -> None:
    """VIOL-01..04: a subject decided by a confirmed violation is not re-scored here."""
    for subject in sorted(subjects):
        keys = (subject, f"{subject}_absent")
        if before is not None and any(before[k] != after[k] for k in keys):
            label = "理论知识" if subject == THEORY else "操作技能"
            raise DomainError(
                "score_sanctioned",
                f"{reg.person.name}的{label}成绩已按违纪处理决定，不能在此修改",
                rule="VIOL-01",
            )


@transaction.atomic
def results_carry(*, actor, sitting) -> list[Result]:
    """SCORE-02: write the valid carries of a sitting's approved candidates before scoring, so
    sheets and the portal show "沿用…成绩" and the candidate sits only the other subject."""
    regs = list(
        Registration.objects.filter(sitting=sitting, status=Registration.APPROVED).select_related(
            "result"
        )
    )
    for reg in regs:
        reg.sitting = sitting
    carries = carries_for(regs)
    items = []
    for reg in regs:
        if reg.pk not in carries:
            continue
        res = getattr(reg, "result", None)
        items.append(
            ScoreInput(
                reg.pk,
                res.theory_score if res else None,
                res.practical_score if res else None,
                res.theory_absent if res else False,
                res.practical_absent if res else False,
            )
        )
    return results_set(actor=actor, sitting=sitting, items=items, source=entry_rules.CARRY)


# --- SCORE-04: results go to the candidates within 15 days of the practical assessment -----


def notice_due_on(sitting) -> date | None:
    """SCORE-04 (002 §22 "技能考核结束后，十五天之内"): calendar days after the practical
    assessment (the theory date when a sitting has no practical date)."""
    day = sitting.practical_on or sitting.theory_on
    return day + timedelta(days=rules().results_notice_days) if day else None


def results_missing(sitting) -> list[str]:
    """Names of approved candidates without a complete result (both subjects decided)."""
    return [
        r.person.name
        for r in Registration.objects.filter(sitting=sitting, status=Registration.APPROVED)
        .select_related("person", "result")
        .order_by("id")
        if getattr(getattr(r, "result", None), "passed", None) is None
    ]


def _require_complete(sitting, what: str, rule: str) -> int:
    missing = results_missing(sitting)
    if missing:
        shown = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        raise DomainError(
            "results_incomplete",
            f"还有{len(missing)}名考生成绩不完整（{shown}），不能{what}",
            rule=rule,
        )
    count = Registration.objects.filter(sitting=sitting, status=Registration.APPROVED).count()
    if count == 0:
        raise DomainError("results_empty", f"本批次没有审核通过的考生，不能{what}", rule=rule)
    return count


def _lock(sitting) -> None:
    """Serialise notice/publication of one sitting (a second request waits, then sees it)."""
    Sitting.objects.select_for_update().filter(pk=sitting.pk).first()


@transaction.atomic
def results_notify(*, actor, sitting, now: datetime | None = None) -> ResultNotice:
    """SCORE-04: mark the sitting's results sent to its candidates; from now on they see them
    on their portal and the SCORE-05 appeal window runs. Late notices are allowed and marked."""
    now = now or timezone.now()
    _lock(sitting)
    if ResultNotice.objects.filter(sitting=sitting).exists():
        raise DomainError("already_notified", "本批次成绩已通知考生", rule="SCORE-04")
    count = _require_complete(sitting, "通知考生", "SCORE-04")
    due = notice_due_on(sitting)
    if due is None:
        raise DomainError("no_assessment_date", "批次尚未确定考试日期", rule="SCORE-04")
    notice = ResultNotice.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        due_on=due,
        notified_at=now,
        notified_by=actor if getattr(actor, "is_authenticated", False) else None,
        late=timezone.localdate(now) > due,
    )
    audit_record(
        actor=actor,
        action="result.notify",
        obj=notice,
        after={"sitting": sitting.pk, "candidates": count, "due_on": due, "late": notice.late},
    )
    return notice


# --- SCORE-06: publication (公示) ---------------------------------------------------------


def mask_name(name: str) -> str:
    """张三 -> 张*, 张小三 -> 张*三, 欧阳小明 -> 欧**明 (SCORE-06 public list)."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@transaction.atomic
def results_publish(*, actor, sitting, now: datetime | None = None) -> ResultPublication:
    """SCORE-06 (002 公示制度 "鉴定的结果公示于众"): publish the sitting's pass list for
    rules().publication_workdays working days. Only once every approved candidate has a
    complete result and the candidates were notified (SCORE-04): nobody learns their result
    from the public list first."""
    now = now or timezone.now()
    _lock(sitting)
    if ResultPublication.objects.filter(sitting=sitting).exists():
        raise DomainError("already_published", "本批次成绩已公示", rule="SCORE-06")
    count = _require_complete(sitting, "公示", "SCORE-06")
    if not ResultNotice.objects.filter(sitting=sitting).exists():
        raise DomainError("not_notified", "请先将成绩通知考生（SCORE-04），再公示", rule="SCORE-06")
    passed = Result.objects.filter(
        registration__sitting=sitting, registration__status=Registration.APPROVED, passed=True
    ).count()
    publication = ResultPublication.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        published_at=now,
        period_ends_on=add_workdays(timezone.localdate(now), rules().publication_workdays),
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
        candidates=count,
        passed=passed,
    )
    audit_record(
        actor=actor,
        action="result.publish",
        obj=publication,
        after={
            "sitting": sitting.pk,
            "candidates": count,
            "passed": passed,
            "period_ends_on": publication.period_ends_on,
        },
    )
    return publication


# --- SCORE-05: appeals (成绩复核申请) --------------------------------------------------------


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
