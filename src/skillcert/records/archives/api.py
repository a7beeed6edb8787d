"""API of a sitting's archive (REC-01..03): items, destruction requests, the package job."""

from datetime import date

from ninja import Field, Router, Schema, Status

from skillcert.core.api_errors import ErrorOut
from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.errors import DomainError
from skillcert.core.web import found_or_404
from skillcert.institutions.guards import institution_api

from . import selectors, services

router = Router(tags=["records"])


class ArchiveItemOut(Schema):
    id: int
    source: str
    ref: str
    title: str
    retention_class: str
    paper: bool
    dated_on: date
    destroy_after: date | None
    box: str
    shelf: str
    status: str


class DestructionIn(Schema):
    items: list[DbId] = Field(min_length=1, max_length=1000)
    reason: str = Field(max_length=200, pattern=NO_NUL)


class DestructionOut(Schema):
    id: int
    sitting_id: int
    status: str
    reason: str
    destroyed_on: date | None


class DestructionDecisionIn(Schema):
    approve: bool


class ArchivePackageOut(Schema):
    id: int
    sitting_id: int
    status: str
    percent: int
    done: int
    total: int


def _sitting(request, iid: int, sid: int, *, manage: bool = False):
    institution = institution_api(request, iid, manage=manage)
    sitting = found_or_404(
        selectors.sitting_get(institution=institution, sitting_id=sid), "未找到该批次"
    )
    return institution, sitting


@router.get("/institutions/{iid}/sittings/{sid}/archive", response=list[ArchiveItemOut])
def archive_items(request, iid: DbId, sid: DbId):
    """REC-01/03: the items of the sitting's archive with retention class and dates."""
    _, sitting = _sitting(request, iid, sid)
    return list(selectors.items_of(sitting=sitting))


@router.post(
    "/institutions/{iid}/sittings/{sid}/archive",
    response={201: list[ArchiveItemOut], 403: ErrorOut, 404: ErrorOut},
)
def archive_assemble(request, iid: DbId, sid: DbId):
    """REC-03: assemble the sitting's archive from what skillcert holds."""
    _, sitting = _sitting(request, iid, sid, manage=True)
    services.archive_assemble(actor=request.user, sitting=sitting)
    return Status(201, list(selectors.items_of(sitting=sitting)))


@router.post(
    "/institutions/{iid}/sittings/{sid}/archive/destructions",
    response={201: DestructionOut, 403: ErrorOut, 404: ErrorOut},
)
def destruction_request(request, iid: DbId, sid: DbId, body: DestructionIn):
    """REC-02: a destruction request with its inventory; refused before the retention date."""
    _, sitting = _sitting(request, iid, sid, manage=True)
    items = list(selectors.items_of(sitting=sitting).filter(pk__in=body.items))
    if len(items) != len(set(body.items)):
        raise DomainError("items", "只能选择本批次的档案", field="items")
    req = services.destruction_request(
        actor=request.user, sitting=sitting, items=items, reason=body.reason
    )
    return Status(201, req)


@router.post(
    "/institutions/{iid}/archive-destructions/{did}/decision",
    response={200: DestructionOut, 403: ErrorOut, 404: ErrorOut},
)
def destruction_decide(request, iid: DbId, did: DbId, body: DestructionDecisionIn):
    """REC-02: approve or refuse a destruction request (another person than the requester)."""
    institution = institution_api(request, iid, manage=True)
    req = found_or_404(
        selectors.destruction_get(institution=institution, request_id=did), "未找到该销毁申请"
    )
    return services.destruction_decide(actor=request.user, request=req, approve=body.approve)


@router.post(
    "/institutions/{iid}/sittings/{sid}/archive/packages",
    response={201: ArchivePackageOut, 403: ErrorOut, 404: ErrorOut},
)
def package_start(request, iid: DbId, sid: DbId):
    """REC-03: start the background job building the archive package (ZIP, index PDF)."""
    _, sitting = _sitting(request, iid, sid, manage=True)
    return Status(201, services.package_start(actor=request.user, sitting=sitting))


@router.get("/institutions/{iid}/archive-packages/{jid}", response=ArchivePackageOut)
def package_status(request, iid: DbId, jid: DbId):
    """REC-03: the package job's status and progress."""
    institution = institution_api(request, iid)
    return found_or_404(selectors.package_get(institution=institution, job_id=jid), "未找到该任务")
