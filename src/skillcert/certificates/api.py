"""JSON API of certificates: registers, issue, list, replacement (CERT-05), the blank-stock
balances (CERT-07), and the public verification."""

from datetime import date, datetime

from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from skillcert.core.api_errors import ErrorOut
from skillcert.core.api_types import MAX_ID, DbId
from skillcert.core.errors import NotFound
from skillcert.core.pagination import BoundedPagination
from skillcert.core.replica import replica_reads
from skillcert.core.web import found_or_404
from skillcert.institutions.guards import institution_api

from . import selectors, services
from .models import Certificate, IssueRegister
from .stock import selectors as stock_selectors
from .stock.api import router as stock_router
from .verification import NEUTRAL_MESSAGE, RATE_LIMIT_MESSAGE, rate_limited

router = Router(tags=["certificates"])


class RegisterOut(Schema):
    id: int
    sitting_id: int
    status: str
    status_label: str
    size: int
    created_at: datetime
    reviewed_at: datetime | None
    issued_on: date | None

    @staticmethod
    def resolve_status_label(obj: IssueRegister) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_size(obj: IssueRegister) -> int:
        return obj.registrations.count()


class IssueIn(Schema):
    # Item 24: the issue date is the system's (today); a body may still name it, but only today.
    issued_on: date | None = None


class CertificateOut(Schema):
    """Never the clear ID number: the masked form only."""

    number: str
    holder_name: str
    id_masked: str
    occupation_code: str
    occupation_name: str
    job_type_name: str
    level: int
    level_label: str
    issuer_name: str
    issued_on: date
    status: str
    status_label: str
    voided_on: date | None = None

    @staticmethod
    def resolve_status_label(obj: Certificate) -> str:
        return obj.get_status_display()


class VerifyIn(Schema):
    number: str = ""
    name: str = ""


@router.post(
    "/institutions/{iid}/sittings/{sid}/issue-registers", response={201: RegisterOut, 403: ErrorOut}
)
def register_create(request, iid: DbId, sid: DbId):
    """CERT-04: a register of the sitting's passed candidates, awaiting review."""
    institution = institution_api(request, iid, manage=True)
    sitting = found_or_404(
        selectors.sitting_get(institution=institution, sitting_id=sid), "未找到该批次"
    )
    return Status(201, services.issue_register_create(actor=request.user, sitting=sitting))


@router.post(
    "/institutions/{iid}/issue-registers/{rid}/review", response={200: RegisterOut, 403: ErrorOut}
)
def register_review(request, iid: DbId, rid: DbId):
    institution = institution_api(request, iid, manage=True)
    register = found_or_404(
        selectors.issue_register_get(institution=institution, register_id=rid), "未找到该核发名册"
    )
    return Status(200, services.issue_register_review(actor=request.user, register=register))


@router.post(
    "/institutions/{iid}/issue-registers/{rid}/issue",
    response={201: list[CertificateOut], 403: ErrorOut},
)
def register_issue(request, iid: DbId, rid: DbId, body: IssueIn | None = None):
    """CERT-01/02/04: number and issue the certificates of a reviewed register."""
    institution = institution_api(request, iid, manage=True)
    register = found_or_404(
        selectors.issue_register_get(institution=institution, register_id=rid), "未找到该核发名册"
    )
    issued = services.issue_register_issue(
        actor=request.user, register=register, issued_on=body.issued_on if body else None
    )
    return Status(201, issued)


@router.get("/institutions/{iid}/certificates", response=list[CertificateOut])
@paginate(BoundedPagination)
def certificate_list(request, iid: DbId):
    institution = institution_api(request, iid)
    return selectors.certificates_for(institution)


@router.get("/verify", auth=None, response={200: CertificateOut, 404: ErrorOut, 429: ErrorOut})
@replica_reads
def verify(request, query: Query[VerifyIn]):
    """Public: the certificate matching number and name, or one neutral 404 for every miss."""
    if rate_limited(request):
        raise HttpError(429, RATE_LIMIT_MESSAGE)
    cert = selectors.certificate_verify(number=query.number, name=query.name, replacements=False)
    if cert is None:
        raise NotFound(NEUTRAL_MESSAGE)
    return Status(200, cert)


class ReplacementIn(Schema):
    """CERT-05: the holder's application, checked against the certificate on record."""

    reason: str = Field(max_length=10, description="lost（遗失）或 damaged（损毁）")
    applied_on: date
    replaced_on: date | None = None
    holder_name: str = Field(max_length=50)
    id_number: str = Field(max_length=40, description="申请人出示的证件号码，用于核对")
    note: str = Field("", max_length=200)
    batch: DbId | None = None
    sheet_serial: int | None = Field(None, ge=0, le=MAX_ID)


class ReplacementOut(Schema):
    id: int
    number: str
    reason: str
    applied_on: date
    replaced_on: date

    @staticmethod
    def resolve_number(obj) -> str:
        return obj.certificate.number


@router.post(
    "/institutions/{iid}/certificates/{number}/replacements",
    response={201: ReplacementOut, 403: ErrorOut},
)
def replacement_create(request, iid: DbId, number: str, body: ReplacementIn):
    """CERT-05: reprint a lost or damaged certificate with its original number."""
    institution = institution_api(request, iid, manage=True)
    cert = found_or_404(
        selectors.certificate_get(institution=institution, number=number), "未找到该证书"
    )
    batch = (
        found_or_404(
            stock_selectors.stock_batch_get(institution=institution, batch_id=body.batch),
            "未找到该入库批次",
        )
        if body.batch
        else None
    )
    replacement = services.replacement_create(
        actor=request.user,
        certificate=cert,
        reason=body.reason,
        applied_on=body.applied_on,
        replaced_on=body.replaced_on,
        holder_name=body.holder_name,
        id_number=body.id_number,
        note=body.note,
        batch=batch,
        sheet_serial=body.sheet_serial,
    )
    return Status(201, replacement)


router.add_router("/", stock_router)  # the blank stock's operations (CERT-07)
