"""Reads for candidate registration and review (PLAN-08). Staff reads take an institution
already resolved for the user; candidate reads take the user and see only their own."""

from django.db.models import QuerySet
from django.http import Http404

from ..models import Announcement, Registration, Sitting


def open_sitting_for_apply(sitting_id) -> Sitting:
    """A sitting a candidate may apply to: it has a published announcement (PLAN-02)."""
    try:
        return Sitting.objects.select_related("institution", "occupation", "job_type").get(
            pk=int(sitting_id), announcement__status=Announcement.PUBLISHED
        )
    except (Sitting.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该批次或其公告尚未发布") from None


def pending_of(sitting: Sitting) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(sitting=sitting, status=Registration.PENDING)
        .select_related(
            "person", "sitting__occupation", "sitting__job_type", "sitting__institution"
        )
        .order_by("created_at", "id")
    )


def registrations_by_status(sitting: Sitting, status: str = "") -> QuerySet[Registration]:
    qs = Registration.objects.filter(sitting=sitting).select_related("person")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("id")


def registration_of_user(user, registration_id) -> Registration:
    """A candidate's own registration; 404 for anyone else's."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    try:
        if person is None:
            raise Registration.DoesNotExist
        return Registration.objects.select_related("sitting", "institution").get(
            pk=int(registration_id), person=person
        )
    except (Registration.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该报名") from None
