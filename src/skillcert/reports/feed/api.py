"""API of the certificate data feed (CERT-08, VIOL-05): the same as the pages. Lists show no
ID numbers; the file (full numbers) is for managers, and every download is audited."""

from datetime import date, datetime

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from skillcert.certificates.sealing import sealed_response
from skillcert.core.api_types import DbId
from skillcert.core.pagination import BoundedPagination
from skillcert.core.web import found_or_404
from skillcert.core.xlsx import XLSX_CONTENT_TYPE
from skillcert.institutions.guards import institution_api

from . import selectors, services

router = Router(tags=["统计报告 reports"])


class FeedIn(Schema):
    period_start: date
    period_end: date


class FeedOut(Schema):
    id: int
    period_start: date
    period_end: date
    certificates: int
    correction_count: int
    sha256: str
    created_at: datetime
    sent_at: datetime | None


class FeedCorrectionOut(Schema):
    """Masked number only, as on screen."""

    id: int
    certificate_number: str
    holder_name: str
    id_masked: str
    voided_on: date | None
    reason: str

    @staticmethod
    def resolve_holder_name(obj) -> str:
        return obj.certificate.holder_name

    @staticmethod
    def resolve_id_masked(obj) -> str:
        return obj.certificate.id_masked

    @staticmethod
    def resolve_voided_on(obj) -> date | None:
        return obj.certificate.voided_on


def _feed(request, iid, fid, *, manage: bool = False):
    institution = institution_api(request, iid, manage=manage)
    return found_or_404(selectors.feed_get(institution=institution, feed_id=fid), "未找到该上报")


@router.get("/institutions/{iid}/certificate-feeds", response=list[FeedOut])
@paginate(BoundedPagination)
def feeds_list(request, iid: DbId):
    return selectors.feeds_of(institution=institution_api(request, iid))


@router.get(
    "/institutions/{iid}/certificate-feeds/pending-corrections", response=list[FeedCorrectionOut]
)
@paginate(BoundedPagination)
def pending_corrections(request, iid: DbId):
    """VIOL-05: the voids the next feed will carry."""
    return selectors.unsent_corrections(institution=institution_api(request, iid))


@router.post("/institutions/{iid}/certificate-feeds", response={201: FeedOut})
def feed_create(request, iid: DbId, payload: FeedIn):
    institution = institution_api(request, iid, manage=True)
    feed = services.certificate_feed_create(
        actor=request.user,
        institution=institution,
        period_start=payload.period_start,
        period_end=payload.period_end,
    )
    return Status(201, feed)


@router.get("/institutions/{iid}/certificate-feeds/{fid}", response=FeedOut)
def feed_get(request, iid: DbId, fid: DbId):
    return _feed(request, iid, fid)


@router.get(
    "/institutions/{iid}/certificate-feeds/{fid}/corrections", response=list[FeedCorrectionOut]
)
def feed_corrections(request, iid: DbId, fid: DbId):
    return list(selectors.corrections_of_feed(_feed(request, iid, fid)))


@router.get("/institutions/{iid}/certificate-feeds/{fid}/file.xlsx")
def feed_file(request, iid: DbId, fid: DbId):
    """The stored workbook (full ID numbers): managers only, audited; the same bytes on every
    download."""
    feed = _feed(request, iid, fid, manage=True)
    services.certificate_feed_downloaded(actor=request.user, feed=feed)
    return sealed_response(feed.file.name, f"certificate-feed-{feed.pk}.xlsx", XLSX_CONTENT_TYPE)


@router.post("/institutions/{iid}/certificate-feeds/{fid}/send", response=FeedOut)
def feed_send(request, iid: DbId, fid: DbId):
    """报送: marks the feed's corrections sent (VIOL-05)."""
    feed = _feed(request, iid, fid, manage=True)
    return services.certificate_feed_send(actor=request.user, feed=feed)
