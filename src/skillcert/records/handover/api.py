"""API of certificates handed over (CERT-09) and void notices (CERT-10)."""

from datetime import date

from ninja import Field, Router, Schema, Status

from skillcert.certificates.selectors import certificate_get
from skillcert.core.api_errors import ErrorOut
from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.web import found_or_404
from skillcert.institutions.guards import institution_api

from . import services

router = Router(tags=["records"])


class HandoverIn(Schema):
    signer: str = Field(max_length=8, description="holder（本人）或 agent（委托代领人）")
    signed_on: date
    agent_name: str = Field("", max_length=50, pattern=NO_NUL)
    agent_relation: str = Field("", max_length=30, pattern=NO_NUL)


class HandoverOut(Schema):
    id: int
    certificate_id: int
    signer: str
    agent_name: str
    signed_on: date


class VoidNoticeIn(Schema):
    medium: str = Field(max_length=10, description="newspaper（登报）或 platform（平台公告）")
    publication: str = Field(max_length=100, pattern=NO_NUL)
    published_on: date


class VoidNoticeOut(Schema):
    id: int
    certificate_id: int
    medium: str
    publication: str
    published_on: date


def _certificate(request, iid: int, number: str):
    institution = institution_api(request, iid, manage=True)
    return found_or_404(certificate_get(institution=institution, number=number), "未找到该证书")


@router.post(
    "/institutions/{iid}/certificates/{number}/handover",
    response={201: HandoverOut, 403: ErrorOut, 404: ErrorOut},
)
def handover_sign(request, iid: DbId, number: str, body: HandoverIn):
    """CERT-09: the holder or a named agent signs for the certificate."""
    cert = _certificate(request, iid, number)
    row = services.handover_sign(actor=request.user, certificate=cert, **body.dict())
    return Status(201, row)


@router.post(
    "/institutions/{iid}/certificates/{number}/void-notices",
    response={201: VoidNoticeOut, 403: ErrorOut, 404: ErrorOut},
)
def void_notice_record(request, iid: DbId, number: str, body: VoidNoticeIn):
    """CERT-10: the public void notice a replacement waits for."""
    cert = _certificate(request, iid, number)
    notice = services.void_notice_record(actor=request.user, certificate=cert, **body.dict())
    return Status(201, notice)
