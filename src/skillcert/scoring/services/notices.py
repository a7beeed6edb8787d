"""SCORE-04: the results notice to candidates within 15 days of the practical assessment;
SCORE-06: publication (公示) of the passed candidates."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.core.workdays import add_workdays
from skillcert.plans.models import Registration, Sitting

from ..models import Result, ResultNotice, ResultPublication
from .release import release_refusal


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


def _released_or_raise(sitting, what: str) -> None:
    """INST-14: where the authority reviews results first, not before its approval."""
    refusal = release_refusal(sitting, what=what)
    if refusal is not None:
        raise refusal


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
    _released_or_raise(sitting, "通知考生")
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
    _released_or_raise(sitting, "公示")
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
