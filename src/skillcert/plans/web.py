"""The view-side lookups of plans for pages and API operations of every app: the record
under `/i/<iid>/`, or a 404 (the selectors underneath return None)."""


from skillcert.core.web import found_or_404
from skillcert.institutions.models import Institution

from .models import Registration, RosterImport, Sitting
from .registration.selectors import registration_of_user
from .roster.selectors import roster_import_find
from .selectors import sitting_find


def sitting_get(institution: Institution, sitting_id) -> Sitting:
    return found_or_404(
        sitting_find(institution=institution, sitting_id=sitting_id), "未找到该批次"
    )


def roster_import_get(institution: Institution, import_id) -> RosterImport:
    return found_or_404(
        roster_import_find(institution=institution, import_id=import_id), "未找到该导入记录"
    )


def own_registration_get(user, registration_id) -> Registration:
    """A candidate's own registration; 404 for anyone else's."""
    return found_or_404(registration_of_user(user, registration_id), "未找到该报名")

