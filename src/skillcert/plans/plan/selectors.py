"""Reads of annual plans, announcements and change requests (PLAN-01, PLAN-02, ARR-10).
Institution-scoped reads take an institution already resolved for the user."""

from django.db.models import QuerySet

from skillcert.institutions.models import Institution

from ..models import Announcement, AnnualPlan, LateAnnouncement, Sitting, SittingChange
from ..selectors import pk_or_none


def plans_of(institution: Institution) -> QuerySet[AnnualPlan]:
    return AnnualPlan.objects.filter(institution=institution).prefetch_related(
        "items__occupation", "items__job_type"
    )


def plan_get(institution: Institution, plan_id) -> AnnualPlan | None:
    return plans_of(institution).filter(pk=pk_or_none(plan_id)).first()


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


def announcement_public_get(announcement_id) -> Announcement | None:
    return announcements_public().filter(pk=pk_or_none(announcement_id)).first()


def announcement_with_approval(announcement: Announcement) -> Announcement:
    """The announcement read again with its late approval, as the API shows it."""
    return Announcement.objects.select_related("late_approval").get(pk=announcement.pk)


def changes_of(sitting: Sitting) -> QuerySet[SittingChange]:
    return SittingChange.objects.filter(sitting=sitting).select_related(
        "requested_by", "decided_by"
    )


def change_get(sitting: Sitting, change_id) -> SittingChange | None:
    return SittingChange.objects.filter(sitting=sitting, pk=pk_or_none(change_id)).first()


def late_requests_of(announcement: Announcement | None):
    """PLAN-02 late path: the late-publication requests of an announcement, newest first."""
    if announcement is None:
        return LateAnnouncement.objects.none()
    return LateAnnouncement.objects.filter(announcement=announcement).select_related(
        "requested_by", "decided_by"
    )


def late_request_get(announcement: Announcement | None, late_id) -> LateAnnouncement | None:
    if announcement is None:
        return None
    return LateAnnouncement.objects.filter(
        announcement=announcement, pk=pk_or_none(late_id)
    ).first()
