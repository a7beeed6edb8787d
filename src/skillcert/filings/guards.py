"""The one guard of the authority's filing pages and API (/authority/filings/<id>/…,
/api/filings/{fid}/…): staff of an authority whose region covers the institution, else 404
(never told whether the application exists); the evaluation's readers also include the
group's experts, who see only their own sheet."""

from skillcert.core.web import found_or_404
from skillcert.institutions.selectors import authority_of

from .evaluation import selectors
from .models import Evaluator, FilingApplication

MISSING = "未找到该备案申请"


def authority_application(request, fid) -> FilingApplication:
    return found_or_404(
        selectors.application_for_authority(user=request.user, application_id=fid), MISSING
    )


def evaluation_seat(request, fid) -> Evaluator:
    """The user's seat in the application's evaluation group (404 to anyone else)."""
    return found_or_404(selectors.evaluator_for(user=request.user, application_id=fid), MISSING)


def evaluation_reader(request, fid) -> tuple[FilingApplication, Evaluator | None]:
    """The application for its authority (no seat), or for an expert of its group (his seat)."""
    application = selectors.application_for_authority(user=request.user, application_id=fid)
    if application is not None:
        return application, None
    seat = evaluation_seat(request, fid)
    return seat.group.application, seat


def authority_staff(request) -> None:
    """Authority staff (or a superuser) only, else 404: the region's summary table."""
    if not request.user.is_superuser:
        found_or_404(authority_of(request.user), "未找到")
