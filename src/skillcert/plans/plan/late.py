"""PLAN-02 late path: an announcement past its lead time is published only with a reason and
the approval of the institution's director (机构负责人), both audited.

Refusing a late announcement outright stopped the whole sitting; the documents require the
lead time but an institution sometimes learns its date late. The late path keeps the rule
visible: the request, the decision and the published announcement all say it was late.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError

from ..models import Announcement, LateAnnouncement
from .decisions import director_decide


def announcement_is_late(announcement: Announcement, today: date) -> bool:
    """PLAN-02: today is past the last day the announcement could be published on time."""
    from .services import announcement_publish_by

    last = announcement_publish_by(announcement.sitting)
    return last is not None and today > last


def late_approval_for(announcement: Announcement) -> LateAnnouncement | None:
    """The director's approval that lets this announcement be published late, if any."""
    return (
        LateAnnouncement.objects.filter(announcement=announcement, status=LateAnnouncement.APPROVED)
        .order_by("-decided_at", "-id")
        .first()
    )


@transaction.atomic
def announcement_late_request(
    *, actor, announcement: Announcement, reason: str, today: date | None = None
) -> LateAnnouncement:
    """Ask to publish a draft announcement after its PLAN-02 lead time, with a reason."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if announcement.status != Announcement.DRAFT:
        raise DomainError("announcement_published", "公告已发布", rule="PLAN-02")
    if not reason:
        raise DomainError("late_reason", "请填写逾期发布理由", field="reason", rule="PLAN-02")
    if not announcement_is_late(announcement, today):
        raise DomainError(
            "late_not_needed", "公告尚未逾期，可直接发布", field="reason", rule="PLAN-02"
        )
    open_requests = LateAnnouncement.objects.filter(
        announcement=announcement,
        status__in=[LateAnnouncement.PENDING, LateAnnouncement.APPROVED],
    )
    if open_requests.exists():
        raise DomainError(
            "late_pending", "该公告已有待审批或已批准的逾期发布申请", field="reason", rule="PLAN-02"
        )
    late = LateAnnouncement.objects.create(
        institution_id=announcement.institution_id,
        announcement=announcement,
        reason=reason[:2000],
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="announcement_late.request",
        obj=late,
        after={"announcement": announcement.pk, "reason": late.reason},
    )
    return late


@transaction.atomic
def announcement_late_decide(
    *, actor, late: LateAnnouncement, approve: bool, reason: str
) -> LateAnnouncement:
    """The institution's director approves or rejects a late publication, with a reason."""
    late = LateAnnouncement.objects.select_for_update().get(pk=late.pk)
    director_decide(
        actor=actor,
        record=late,
        approve=approve,
        reason=(reason or "").strip()[:2000],
        code="late",
        what="公告逾期发布",
        rule="PLAN-02",
        action="announcement_late",
    )
    return late
