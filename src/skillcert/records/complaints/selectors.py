"""Reads of complaints (REC-04), scoped to a resolved institution; None when not found."""

from django.db.models import Q, QuerySet

from skillcert.institutions.models import Institution
from skillcert.people.models import Person
from skillcert.plans.models import Sitting

from ..models.complaints import Complaint, ComplaintNotice


def complaints_of(*, institution: Institution) -> QuerySet[Complaint]:
    return Complaint.objects.filter(institution=institution).select_related("sitting")


def complaint_find(*, institution: Institution, complaint_id) -> Complaint | None:
    try:
        return (
            Complaint.objects.select_related("sitting", "registered_by")
            .prefetch_related("accused", "evidence", "notices")
            .get(institution=institution, pk=int(complaint_id))
        )
    except (Complaint.DoesNotExist, ValueError, TypeError):
        return None


def notice_find(*, institution: Institution, notice_id) -> ComplaintNotice | None:
    try:
        return ComplaintNotice.objects.select_related("complaint").get(
            complaint__institution=institution, pk=int(notice_id)
        )
    except (ComplaintNotice.DoesNotExist, ValueError, TypeError):
        return None


def staff_people(*, institution: Institution) -> QuerySet[Person]:
    """Who may be complained about: the institution's members, examiners and exam staff."""
    return (
        Person.objects.filter(
            Q(user__memberships__institution=institution)
            | Q(examiner_roles__institution=institution)
            | Q(staff_roles__institution=institution)
        )
        .distinct()
        .order_by("name")
    )


def sittings_of(*, institution: Institution) -> QuerySet[Sitting]:
    return Sitting.objects.filter(institution=institution).order_by("-id")
