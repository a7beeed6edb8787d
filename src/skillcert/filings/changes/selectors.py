"""Reads of change applications (INST-08): an institution's own, the authority's region."""

from datetime import date

from django.db.models import QuerySet

from skillcert.core.api_types import db_id
from skillcert.institutions.authority import in_region
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import authority_of

from ..models import ChangeApplication, ChangeDocument


def changes_of(institution: Institution) -> QuerySet[ChangeApplication]:
    return ChangeApplication.objects.filter(institution=institution).prefetch_related("documents")


def change_of(institution: Institution, change_id) -> ChangeApplication | None:
    pk = db_id(change_id)
    return changes_of(institution).filter(pk=pk).first() if pk else None


def authority_changes(user) -> QuerySet[ChangeApplication] | None:
    """The region's change applications (None: the user is not authority staff)."""
    authority = authority_of(user)
    if authority is None:
        return None
    return (
        in_region(ChangeApplication.objects.all(), authority.region_prefix)
        .select_related("institution")
        .prefetch_related("documents")
    )


def authority_change(user, change_id) -> ChangeApplication | None:
    found = authority_changes(user)
    pk = db_id(change_id)
    return found.filter(pk=pk).first() if found is not None and pk else None


def document_of(application: ChangeApplication, document_id) -> ChangeDocument | None:
    pk = db_id(document_id)
    return application.documents.filter(pk=pk).first() if pk else None


def quarter_changes(found: QuerySet[ChangeApplication], start: date, end: date):
    """INST-08: the approved changes of a quarter, for the authority's quarterly report."""
    return found.filter(
        state=ChangeApplication.APPROVED, decided_at__date__gte=start, decided_at__date__lt=end
    ).order_by("decided_at")
