"""Reads for candidate registration and review (PLAN-08). Staff reads take an institution
already resolved for the user; candidate reads take the user and see only their own."""

from django.db.models import QuerySet

from ..models import Announcement, Registration, Sitting
from ..selectors import pk_or_none


def open_sitting_for_apply(sitting_id) -> Sitting | None:
    """A sitting a candidate may apply to: it has a published announcement (PLAN-02)."""
    return (
        Sitting.objects.select_related("institution", "occupation", "job_type")
        .filter(pk=pk_or_none(sitting_id), announcement__status=Announcement.PUBLISHED)
        .first()
    )


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


def registration_of_user(user, registration_id) -> Registration | None:
    """A candidate's own registration; None for anyone else's."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return None
    return (
        Registration.objects.select_related("sitting", "institution")
        .filter(pk=pk_or_none(registration_id), person=person)
        .first()
    )


def registration_in_sitting(*, sitting: Sitting, registration_id) -> Registration | None:
    """One registration of the sitting, with its person (the review queue's photo)."""
    return (
        sitting.registrations.select_related("person")
        .filter(pk=pk_or_none(registration_id))
        .first()
    )
