"""Writes of annual plans, announcements and changes of a sitting's place or time
(PLAN-01, PLAN-02, ARR-10). Each decision and each change of place or time is audited in
the same transaction (REC-09)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from skillcert.catalog.models import LEVEL_LABELS, JobType, Occupation
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import filing_check, scope_row_covering

from ..deadlines import sitting_first_day
from ..models import ITEM_SOURCES, Announcement, AnnualPlan, PlanItem, Sitting, SittingChange
from .decisions import director_decide, is_director  # noqa: F401 (is_director: views)
from .late import late_approval_for

# --- PLAN-01 annual plan ---------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedSubject:
    occupation: Occupation
    job_type: JobType | None
    level: int
    expected_count: int


def plan_year_check(year: int, today: date) -> bool:
    """PLAN-01: a plan for year Y is made at the end of Y-1.

    Made in Y-1: on time (returns False). Made during Y itself: accepted as a late plan
    (逾期补报, returns True, shown with a warning). Any other year is refused.
    """
    if year == today.year + 1:
        return False
    if year == today.year:
        return True
    raise DomainError(
        "plan_year",
        f"{year}年度认定计划应在{year - 1}年年底制定；当前只能制定{today.year + 1}年度计划"
        f"（或补报{today.year}年度计划）",
        field="year",
        rule="PLAN-01",
    )


def _plan_snapshot(plan: AnnualPlan) -> dict:
    return {
        "year": plan.year,
        "schedule": plan.schedule,
        "examiner_training": plan.examiner_training,
        "staffing": plan.staffing,
        "item_source": plan.item_source,
        "made_on": plan.made_on,
        "made_late": plan.made_late,
    }


@transaction.atomic
def plan_create(
    *,
    actor,
    institution: Institution,
    year: int,
    schedule: str = "",
    examiner_training: str = "",
    staffing: str = "",
    item_source: str = "national",
    items: Sequence[PlannedSubject] = (),
    today: date | None = None,
) -> AnnualPlan:
    """PLAN-01: one annual plan per institution and year, made at year end for the next;
    `items` are its occupations and levels with their expected numbers."""
    today = today or timezone.localdate()
    made_late = plan_year_check(year, today)
    if item_source not in dict(ITEM_SOURCES):
        raise DomainError("plan_item_source", "题库来源无效", field="item_source", rule="EXAM-01")
    if AnnualPlan.objects.filter(institution=institution, year=year).exists():
        raise DomainError("plan_exists", f"{year}年度认定计划已存在", field="year", rule="PLAN-01")
    plan = AnnualPlan.objects.create(
        institution=institution,
        year=year,
        schedule=schedule.strip(),
        examiner_training=examiner_training.strip(),
        staffing=staffing.strip(),
        item_source=item_source,
        made_on=today,
        made_late=made_late,
    )
    audit_record(actor=actor, action="plan.create", obj=plan, after=_plan_snapshot(plan))
    for item in items:
        plan_item_add(
            actor=actor,
            plan=plan,
            occupation=item.occupation,
            job_type=item.job_type,
            level=item.level,
            expected_count=item.expected_count,
        )
    return plan


@transaction.atomic
def plan_item_add(
    *,
    actor,
    plan: AnnualPlan,
    occupation: Occupation,
    job_type: JobType | None,
    level: int,
    expected_count: int,
) -> PlanItem:
    """PLAN-01 (with PLAN-07): a planned occupation and level, inside the filed scope."""
    if expected_count is None or expected_count < 1:
        raise DomainError(
            "plan_expected", "预计人数应大于0", field="expected_count", rule="PLAN-01"
        )
    job = f"（{job_type.name}）" if job_type else ""
    label = f"{occupation.name}{job}{LEVEL_LABELS.get(level, level)}"
    if (
        scope_row_covering(
            plan.institution,
            occupation_id=occupation.pk,
            job_type_id=job_type.pk if job_type else None,
            level=level,
        )
        is None
    ):
        raise DomainError(
            "outside_scope", f"{label}不在本机构备案的认定范围内", field="level", rule="PLAN-07"
        )
    if PlanItem.objects.filter(
        plan=plan, occupation=occupation, job_type=job_type, level=level
    ).exists():
        raise DomainError("plan_item_exists", f"计划中已有{label}", field="level", rule="PLAN-01")
    item = PlanItem.objects.create(
        plan=plan,
        occupation=occupation,
        job_type=job_type,
        level=level,
        expected_count=expected_count,
    )
    audit_record(
        actor=actor,
        action="plan.item_add",
        obj=plan,
        after={"item": item.pk, "subject": label, "expected_count": expected_count},
    )
    return item


@transaction.atomic
def plan_sitting_link(*, actor, plan: AnnualPlan, sitting: Sitting) -> Sitting:
    """PLAN-01: a sitting joins a plan of its institution, for its year, whose items
    include the sitting's occupation, job type and level."""
    if plan.institution_id != sitting.institution_id:
        raise DomainError("plan_other_institution", "批次与计划不属于同一机构", rule="PLAN-01")
    first = sitting_first_day(sitting)
    if first is not None and first.year != plan.year:
        raise DomainError(
            "plan_wrong_year",
            f"批次考试日期{first}不在{plan.year}年度内",
            field="plan",
            rule="PLAN-01",
        )
    if not plan.items.filter(
        occupation_id=sitting.occupation_id, job_type_id=sitting.job_type_id, level=sitting.level
    ).exists():
        raise DomainError(
            "plan_subject_missing",
            f"{plan}中没有{sitting.subject_label}，请先在计划中列入该职业与级别",
            field="plan",
            rule="PLAN-01",
        )
    before = sitting.plan_id
    sitting.plan = plan
    sitting.save(update_fields=["plan"])
    audit_record(actor=actor, action="sitting.plan_link", obj=sitting, before=before, after=plan.pk)
    return sitting


# --- PLAN-02 announcement --------------------------------------------------------------------

ANNOUNCEMENT_FIELDS = {
    "title": "公告标题",
    "content": "认定内容",
    "method": "认定方式",
    "registration_place": "报名地点",
    "registration_period": "报名时间",
    "registration_how": "报名方式",
    "conditions": "申报条件",
    "fees": "收费标准",
    "subjects": "考试科目",
    "times_places": "考试时间与地点",
}


@transaction.atomic
def announcement_save(*, actor, sitting: Sitting, **fields: str) -> Announcement:
    """Create or edit the announcement of a sitting; every PLAN-02 item must be filled in."""
    unknown = set(fields) - set(ANNOUNCEMENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown announcement fields {sorted(unknown)}")
    values = {k: (fields.get(k) or "").strip() for k in ANNOUNCEMENT_FIELDS}
    for key, label in ANNOUNCEMENT_FIELDS.items():
        if not values[key]:
            raise DomainError(
                "announcement_incomplete", f"公告须写明{label}", field=key, rule="PLAN-02"
            )
    announcement = Announcement.objects.filter(sitting=sitting).first()
    if announcement is None:
        announcement = Announcement.objects.create(
            institution_id=sitting.institution_id, sitting=sitting, **values
        )
        audit_record(actor=actor, action="announcement.create", obj=announcement, after=values)
        return announcement
    before = {k: getattr(announcement, k) for k in ANNOUNCEMENT_FIELDS}
    for key, value in values.items():
        setattr(announcement, key, value)
    announcement.save()
    audit_record(
        actor=actor, action="announcement.edit", obj=announcement, before=before, after=values
    )
    return announcement


def announcement_publish_by(sitting: Sitting) -> date | None:
    """PLAN-02: the last day the sitting's announcement may be published."""
    first = sitting_first_day(sitting)
    return first - timedelta(days=rules().announcement_lead_days) if first else None


@transaction.atomic
def announcement_publish(
    *, actor, announcement: Announcement, today: date | None = None
) -> Announcement:
    """PLAN-02: publish only >= announcement_lead_days before the sitting's first date."""
    today = today or timezone.localdate()
    if announcement.status == Announcement.PUBLISHED:
        raise DomainError("announcement_published", "公告已发布", rule="PLAN-02")
    sitting = Sitting.objects.select_for_update().get(pk=announcement.sitting_id)
    filing_check(sitting.institution, on=today)  # INST-04 / INST-09: no valid filing, no call
    first = sitting_first_day(sitting)
    if first is None:
        raise DomainError(
            "announcement_no_date", "批次尚未确定考试日期，不能发布公告", rule="PLAN-02"
        )
    lead = rules().announcement_lead_days
    late = None
    if (first - today).days < lead:
        late = late_approval_for(announcement)
        if late is None:
            raise DomainError(
                "announcement_too_late",
                f"公告须在考试首日（{first}）前至少{lead}天发布，最迟应于"
                f"{first - timedelta(days=lead)}发布；逾期发布须填写理由并经机构负责人批准",
                rule="PLAN-02",
            )
    announcement.status = Announcement.PUBLISHED
    announcement.published_at = timezone.now()
    announcement.late_approval = late
    announcement.save(update_fields=["status", "published_at", "late_approval", "updated_at"])
    after = {"status": Announcement.PUBLISHED, "first_day": first, "lead_days": lead}
    if late is not None:  # PLAN-02 late path: which approval, by whom
        after |= {"late_approval": late.pk, "approved_by": late.decided_by_id}
    audit_record(
        actor=actor,
        action="announcement.publish",
        obj=announcement,
        before=Announcement.DRAFT,
        after=after,
    )
    return announcement


# --- ARR-10 change of place or time ----------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    theory_on: date | None
    practical_on: date | None
    place: str

    def as_dict(self) -> dict:
        return {"theory_on": self.theory_on, "practical_on": self.practical_on, "place": self.place}


def _where(obj) -> _Where:
    return _Where(obj.theory_on, obj.practical_on, obj.place)


@transaction.atomic
def sitting_change_request(
    *,
    actor,
    sitting: Sitting,
    theory_on: date | None,
    practical_on: date | None,
    place: str,
    reason: str,
) -> SittingChange:
    """ARR-10: a change of a sitting's place or time starts as a request with a reason."""
    reason = (reason or "").strip()
    place = (place or "").strip()
    if not reason:
        raise DomainError("change_reason", "请填写变更理由", field="reason", rule="ARR-10")
    if not (theory_on or practical_on):
        raise DomainError(
            "change_no_date", "变更后须至少有一个考试日期", field="theory_on", rule="ARR-10"
        )
    first = min(d for d in (theory_on, practical_on) if d)
    filing_check(sitting.institution, on=first)  # INST-04 / INST-09
    proposed = _Where(theory_on, practical_on, place)
    if proposed == _where(sitting):
        raise DomainError(
            "change_nothing", "拟定的时间和地点与现安排相同", field="theory_on", rule="ARR-10"
        )
    if SittingChange.objects.filter(sitting=sitting, status=SittingChange.PENDING).exists():
        raise DomainError(
            "change_pending", "该批次已有待审批的变更申请", field="reason", rule="ARR-10"
        )
    change = SittingChange.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        theory_on=theory_on,
        practical_on=practical_on,
        place=place,
        reason=reason,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="sitting_change.request",
        obj=change,
        before=_where(sitting).as_dict(),
        after={**proposed.as_dict(), "reason": reason},
    )
    return change


@transaction.atomic
def sitting_change_decide(
    *, actor, change: SittingChange, approve: bool, reason: str
) -> SittingChange:
    """ARR-10: the institution's director approves (the change is applied) or rejects, with
    a reason. Both the decision and the change of the sitting are audited."""
    change = SittingChange.objects.select_for_update().get(pk=change.pk)
    director_decide(
        actor=actor,
        record=change,
        approve=approve,
        reason=reason,
        code="change",
        what="考试时间地点变更",
        rule="ARR-10",
        action="sitting_change",
    )
    if approve:
        sitting = Sitting.objects.select_for_update().get(pk=change.sitting_id)
        before = _where(sitting).as_dict()
        sitting.theory_on = change.theory_on
        sitting.practical_on = change.practical_on
        sitting.place = change.place
        sitting.save(update_fields=["theory_on", "practical_on", "place"])
        audit_record(
            actor=actor,
            action="sitting.reschedule",
            obj=sitting,
            before=before,
            after={**_where(sitting).as_dict(), "change": change.pk},
        )
    return change
