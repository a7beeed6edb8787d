"""The authority's side of the filing API (INST-02): queue, detail, decisions, attachments."""

from ninja import Router

from skillcert.core.api_types import DbId
from skillcert.core.errors import Forbidden
from skillcert.core.web import found_or_404

from .. import selectors, services
from ..models import FilingApplication as A
from ..web import attachment_response
from .schemas import (
    FilingDecisionIn,
    FilingDetail,
    FilingOut,
    _detail,
    _out,
)

router = Router()


def _authority(request, state: str = ""):
    found = selectors.authority_applications(request.user, state=state)
    if found is None:
        raise Forbidden("仅申请机构的负责人或考务人员可以下载申请材料")
    return found


@router.get("/authority/filings", response=list[FilingOut])
def authority_filings(request, state: str = ""):
    """The region's applications (drafts excluded), optionally of one state."""
    return [_out(a) for a in _authority(request, state if state in dict(A.STATES) else "")[:500]]


def _authority_application(request, fid: int) -> A:
    _authority(request)
    return found_or_404(selectors.authority_application(request.user, fid), "未找到该备案申请")


@router.get("/authority/filings/{fid}", response=FilingDetail)
def authority_filing(request, fid: DbId):
    return _detail(_authority_application(request, fid))


@router.post("/authority/filings/{fid}/decide", response=FilingDetail)
def authority_decide(request, fid: DbId, body: FilingDecisionIn):
    """Preliminary review (by the receiving department) or confirmation: pass or return."""
    application = _authority_application(request, fid)
    application = services.authority_decide(
        actor=request.user,
        application=application,
        step=body.step,
        decision=body.decision,
        reasons=body.reasons,
    )
    return _detail(application)


@router.get("/authority/filings/{fid}/attachments/{aid}")
def authority_attachment(request, fid: DbId, aid: DbId):
    application = _authority_application(request, fid)
    return attachment_response(
        found_or_404(selectors.attachment_of(application, aid), "未找到该材料")
    )
