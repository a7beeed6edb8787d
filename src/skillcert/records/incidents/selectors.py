"""Reads of incidents (REC-05), scoped to a resolved institution; None when not found."""

from django.db.models import QuerySet

from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting

from ..models.incidents import Incident


def incidents_of_sitting(*, sitting: Sitting) -> QuerySet[Incident]:
    return Incident.objects.filter(sitting=sitting).select_related("room", "reported_by")


def incident_find(*, institution: Institution, incident_id) -> Incident | None:
    try:
        return (
            Incident.objects.select_related("sitting", "room", "reported_by", "closed_by")
            .prefetch_related("stages__by")
            .get(institution=institution, pk=int(incident_id))
        )
    except (Incident.DoesNotExist, ValueError, TypeError):
        return None
