"""Reads of annual plans, announcements and change requests (PLAN-01, PLAN-02, ARR-10).
Institution-scoped reads take an institution already resolved for the user."""

from django.db.models import QuerySet
from django.http import Http404

from skillcert.institutions.models import Institution

from ..models import Announcement, AnnualPlan, Sitting, SittingChange


def plans_of(institution: Institution) -> QuerySet[AnnualPlan]:
    return AnnualPlan.objects.filter(institution=institution).prefetch_related(
        "items__occupation", "items__job_type"
    )


def plan_get(institution: Institution, plan_id) -> AnnualPlan:
    try:
        return plans_of(institution).get(pk=int(plan_id))
    except (AnnualPlan.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该年度计划") from None


def plan_sittings(plan: AnnualPlan) -> QuerySet[Sitting]:
    return plan.sittings.select_related("occupation", "job_type").order_by("theory_on", "id")


def sittings_linkable(plan: AnnualPlan) -> QuerySet[Sitting]:
    """Sittings of the plan's institution not yet in this plan (the service checks the rest)."""
    return (
        Sitting.objects.filter(institution_id=plan.institution_id)
        .exclude(plan=plan)
        .select_related("occupation", "job_type")
    )


def announcement_of(sitting: Sitting) -> Announcement | None:
    return Announcement.objects.filter(sitting=sitting).first()


def announcements_public() -> QuerySet[Announcement]:
    """PLAN-02: only published announcements are public."""
    return Announcement.objects.filter(status=Announcement.PUBLISHED).select_related(
        "institution", "sitting__occupation", "sitting__job_type", "late_approval"
    )


def announcement_public_get(announcement_id) -> Announcement:
    try:
        return announcements_public().get(pk=int(announcement_id))
    except (Announcement.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该公告") from None


def changes_of(sitting: Sitting) -> QuerySet[SittingChange]:
    return SittingChange.objects.filter(sitting=sitting).select_related(
        "requested_by", "decided_by"
    )


def change_get(sitting: Sitting, change_id) -> SittingChange:
    try:
        return SittingChange.objects.get(sitting=sitting, pk=int(change_id))
    except (SittingChange.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该变更申请") from None


def late_requests_of(announcement: Announcement | None):
    """PLAN-02 late path: the late-publication requests of an announcement, newest first."""
    from ..models import LateAnnouncement

    if announcement is None:
        return LateAnnouncement.objects.none()
    return LateAnnouncement.objects.filter(announcement=announcement).select_related(
        "requested_by", "decided_by"
    )


def late_request_get(announcement: Announcement | None, late_id):
    from ..models import LateAnnouncement

    try:
        return LateAnnouncement.objects.get(announcement=announcement, pk=int(late_id))
    except (LateAnnouncement.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该逾期发布申请") from None
