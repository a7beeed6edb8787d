"""Reads of roster imports, scoped to an institution already resolved for the user."""

from skillcert.institutions.models import Institution

from ..models import RosterImport, Sitting
from ..selectors import pk_or_none


def roster_import_find(*, institution: Institution, import_id) -> RosterImport | None:
    pk = pk_or_none(import_id)
    return (
        None if pk is None else RosterImport.objects.filter(institution=institution, pk=pk).first()
    )


def roster_imports_of(*, sitting: Sitting):
    """The sitting's imports, newest first (the model's order)."""
    return RosterImport.objects.filter(sitting=sitting)
