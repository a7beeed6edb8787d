"""JSON API of annual plans (PLAN-01) and public announcements (PLAN-02)."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.catalog.selectors import job_type_required, occupation_required
from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.errors import DomainError
from skillcert.core.web import found_or_404
from skillcert.institutions.guards import institution_api

from ..models import Announcement, AnnualPlan, LateAnnouncement
from ..web import sitting_get
from .late import announcement_late_decide, announcement_late_request
from .selectors import (
    announcement_of,
    announcement_with_approval,
    announcements_public,
    late_request_get,
    plans_of,
)
from .services import PlannedSubject, announcement_publish, plan_create

router = Router(tags=["年度计划与公告 plans"])


def _no_nul(value):
    # PostgreSQL text cannot hold NUL: refuse it here (422), not in the database (500).
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("不能包含空字符")
    return value


class PlanItemIn(Schema):
    occupation_code: str = Field(max_length=20, pattern=NO_NUL)
    job_type: str | None = Field(default=None, max_length=100, pattern=NO_NUL)
    level: int = Field(ge=1, le=5)
    expected_count: int = Field(ge=1, le=1_000_000)

    _clean = field_validator("occupation_code", "job_type")(_no_nul)


class PlanIn(Schema):
    year: int = Field(ge=2000, le=2100)
    item_source: str = Field(default="national", max_length=10, pattern=NO_NUL)
    schedule: str = Field(default="", max_length=5000, pattern=NO_NUL)
    examiner_training: str = Field(default="", max_length=5000, pattern=NO_NUL)
    staffing: str = Field(default="", max_length=5000, pattern=NO_NUL)
    items: list[PlanItemIn] = Field(default=[], max_length=200)

    _clean = field_validator("item_source", "schedule", "examiner_training", "staffing")(_no_nul)


class PlanItemOut(Schema):
    occupation_code: str
    occupation_name: str
    job_type: str | None
    level: int
    level_label: str
    expected_count: int


class PlanOut(Schema):
    id: int
    year: int
    item_source: str
    schedule: str
    examiner_training: str
    staffing: str
    made_on: date
    made_late: bool
    items: list[PlanItemOut]
    sitting_ids: list[int]


class AnnouncementOut(Schema):
    id: int
    title: str
    institution: str
    sitting_id: int
    occupation_code: str
    occupation_name: str
    job_type: str | None
    level: int
    level_label: str
    theory_on: date | None
    practical_on: date | None
    content: str
    method: str
    registration_place: str
    registration_period: str
    registration_how: str
    conditions: str
    fees: str
    subjects: str
    times_places: str
    published_at: datetime | None
    url: str
    published_late: bool = False  # PLAN-02 late path: published after the lead time
    late_reason: str = ""  # the approved reason, when published late


class LateRequestIn(Schema):
    reason: str = Field(max_length=2000)


class LateDecisionIn(Schema):
    decision: Literal["approve", "reject"]
    reason: str = Field(max_length=2000)


class LateRequestOut(Schema):
    id: int
    announcement_id: int
    reason: str
    status: str
    status_label: str
    decision_reason: str
    created_at: datetime
    decided_at: datetime | None


def _plan_out(plan: AnnualPlan) -> PlanOut:
    return PlanOut(
        id=plan.pk,
        year=plan.year,
        item_source=plan.item_source,
        schedule=plan.schedule,
        examiner_training=plan.examiner_training,
        staffing=plan.staffing,
        made_on=plan.made_on,
        made_late=plan.made_late,
        items=[
            PlanItemOut(
                occupation_code=i.occupation.code,
                occupation_name=i.occupation.name,
                job_type=i.job_type.name if i.job_type_id else None,
                level=i.level,
                level_label=LEVEL_LABELS[i.level],
                expected_count=i.expected_count,
            )
            for i in plan.items.all()
        ],
        sitting_ids=sorted(plan.sittings.values_list("id", flat=True)),
    )


def _announcement_out(a: Announcement) -> AnnouncementOut:
    s = a.sitting
    return AnnouncementOut(
        id=a.pk,
        title=a.title,
        institution=a.institution.name,
        sitting_id=s.pk,
        occupation_code=s.occupation.code,
        occupation_name=s.occupation.name,
        job_type=s.job_type.name if s.job_type_id else None,
        level=s.level,
        level_label=LEVEL_LABELS[s.level],
        theory_on=s.theory_on,
        practical_on=s.practical_on,
        content=a.content,
        method=a.method,
        registration_place=a.registration_place,
        registration_period=a.registration_period,
        registration_how=a.registration_how,
        conditions=a.conditions,
        fees=a.fees,
        subjects=a.subjects,
        times_places=a.times_places,
        published_at=a.published_at,
        url=f"/announcements/{a.pk}/",
        published_late=a.late_approval_id is not None,
        late_reason=a.late_approval.reason if a.late_approval_id else "",
    )


def _late_out(late: LateAnnouncement) -> LateRequestOut:
    return LateRequestOut(
        id=late.pk,
        announcement_id=late.announcement_id,
        reason=late.reason,
        status=late.status,
        status_label=late.get_status_display(),
        decision_reason=late.decision_reason,
        created_at=late.created_at,
        decided_at=late.decided_at,
    )


def _announcement_managed(request, iid: int, sid: int) -> Announcement:
    """The sitting's announcement, if the caller may change it (404 outsiders, 403 readers)."""
    institution = institution_api(request, iid, manage=True)
    announcement = announcement_of(sitting_get(institution, sid))
    if announcement is None:
        raise DomainError("announcement_missing", "请先保存公告", rule="PLAN-02")
    return announcement


def _subject(item: PlanItemIn) -> PlannedSubject:
    occupation = occupation_required(item.occupation_code, field="occupation_code")
    job_type = job_type_required(occupation, item.job_type, field="job_type")
    return PlannedSubject(occupation, job_type, item.level, item.expected_count)


@router.get("/institutions/{iid}/plans", response=list[PlanOut])
def plans_list(request, iid: DbId):
    return [_plan_out(p) for p in plans_of(institution_api(request, iid))]


@router.post("/institutions/{iid}/plans", response={201: PlanOut})
def plans_create(request, iid: DbId, payload: PlanIn):
    """PLAN-01: the plan for next year (made in the year before); 400 names the rule."""
    institution = institution_api(request, iid, manage=True)
    plan = plan_create(
        actor=request.user,
        institution=institution,
        year=payload.year,
        item_source=payload.item_source,
        schedule=payload.schedule,
        examiner_training=payload.examiner_training,
        staffing=payload.staffing,
        items=[_subject(i) for i in payload.items],
    )
    return Status(201, _plan_out(plan))


@router.get("/announcements", response=list[AnnouncementOut], auth=None)
def announcements(request):
    """PLAN-02: published announcements, public (no login)."""
    return [_announcement_out(a) for a in announcements_public()[:200]]


@router.post(
    "/institutions/{iid}/sittings/{sid}/announcement/late-requests",
    response={201: LateRequestOut},
)
def late_request_create(request, iid: DbId, sid: DbId, payload: LateRequestIn):
    """PLAN-02 late path: ask to publish after the lead time, with a reason (400 names it)."""
    announcement = _announcement_managed(request, iid, sid)
    late = announcement_late_request(
        actor=request.user, announcement=announcement, reason=payload.reason
    )
    return Status(201, _late_out(late))


@router.post(
    "/institutions/{iid}/sittings/{sid}/announcement/late-requests/{lid}/decision",
    response=LateRequestOut,
)
def late_request_decide(request, iid: DbId, sid: DbId, lid: DbId, payload: LateDecisionIn):
    """PLAN-02 late path: the institution's director (机构负责人) decides, with a reason."""
    announcement = _announcement_managed(request, iid, sid)
    late = announcement_late_decide(
        actor=request.user,
        late=found_or_404(late_request_get(announcement, lid), "未找到该逾期发布申请"),
        approve=payload.decision == "approve",
        reason=payload.reason,
    )
    return _late_out(late)


@router.post("/institutions/{iid}/sittings/{sid}/announcement/publish", response=AnnouncementOut)
def announcement_publish_api(request, iid: DbId, sid: DbId):
    """PLAN-02: publish; after the lead time only with an approved late request (else 400)."""
    announcement = announcement_publish(
        actor=request.user, announcement=_announcement_managed(request, iid, sid)
    )
    return _announcement_out(announcement_with_approval(announcement))
