"""Reads of the certificate data feed (CERT-08, VIOL-05), scoped to an institution the
edge has already resolved for the user (institutions.guards)."""

from datetime import date

from django.db.models import QuerySet

from skillcert.certificates.export import export_certificates
from skillcert.certificates.models import Certificate
from skillcert.institutions.models import Institution
from skillcert.violations.models import CorrectionNotice

from .models import CertificateFeed

PREVIEW_ROWS = 200  # a screen shows the first rows; the file has them all


def feeds_of(*, institution: Institution) -> QuerySet[CertificateFeed]:
    return CertificateFeed.objects.filter(institution=institution).select_related(
        "created_by", "sent_by"
    )


def feed_get(*, institution: Institution, feed_id) -> CertificateFeed | None:
    try:
        return feeds_of(institution=institution).filter(pk=int(feed_id)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def unsent_corrections(*, institution: Institution) -> QuerySet[CorrectionNotice]:
    """VIOL-05: the voids the authority has not been told of yet, oldest number first."""
    return (
        CorrectionNotice.objects.filter(institution=institution, sent=False)
        .select_related("certificate__person")
        .order_by("certificate_number", "id")
    )


def corrections_of_feed(feed: CertificateFeed) -> QuerySet[CorrectionNotice]:
    return feed.corrections.select_related("certificate").order_by("certificate_number", "id")


def new_certificates(*, institution: Institution, start: date, end: date) -> QuerySet[Certificate]:
    """CERT-08: the certificates issued in the period (void ones too, with their status)."""
    return export_certificates(institution, issued_from=start, issued_to=end)


def preview_certificates(feed: CertificateFeed) -> list[Certificate]:
    """The feed's certificates for the screen: masked numbers only (`id_masked`)."""
    return list(
        Certificate.objects.filter(
            institution_id=feed.institution_id,
            issued_on__gte=feed.period_start,
            issued_on__lte=feed.period_end,
        )
        .only(
            "number", "holder_name", "id_masked", "occupation_name", "level", "issued_on", "status"
        )
        .order_by("number")[:PREVIEW_ROWS]
    )
