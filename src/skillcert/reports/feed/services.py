"""Writes of the certificate data feed (CERT-08, VIOL-05): build it, record each download
of its full ID numbers, send it (报送). Every write is in the audit chain (REC-09)."""

from datetime import date

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from skillcert.certificates.export import EXPORT_MAX_DAYS
from skillcert.certificates.sealing import seal_and_store
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.files import scratch
from skillcert.institutions.models import Institution
from skillcert.violations.services import correction_notices_mark_sent

from . import selectors
from .models import CertificateFeed
from .workbook import write_feed


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_period(start, end) -> None:
    if not isinstance(start, date):
        raise DomainError("period_start", "请填写发证日期自", field="period_start", rule="CERT-08")
    if not isinstance(end, date):
        raise DomainError("period_end", "请填写发证日期至", field="period_end", rule="CERT-08")
    if end < start:
        raise DomainError(
            "period_end", "发证日期至不能早于发证日期自", field="period_end", rule="CERT-08"
        )
    if end > timezone.localdate():
        raise DomainError(
            "period_end", "发证日期至不能晚于今天", field="period_end", rule="CERT-08"
        )
    if (end - start).days > EXPORT_MAX_DAYS:
        raise DomainError("period_end", "上报期间不能超过10年", field="period_end", rule="CERT-08")


def _store(institution: Institution, certificates, notices) -> tuple[str, str, int, int]:
    """Write, hash and seal the workbook; returns (name, sha256, certificates, corrections)."""
    with scratch() as plain:
        n_certs, n_notes = write_feed(certificates, notices, plain)
        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        name, sha256 = seal_and_store(
            plain, f"reports/feeds/{institution.pk}/feed-{stamp}.xlsx.sealed"
        )
    return name, sha256, n_certs, n_notes


@transaction.atomic
def certificate_feed_create(
    *, actor, institution: Institution, period_start: date, period_end: date
) -> CertificateFeed:
    """CERT-08 + VIOL-05: the period's new certificates and every correction not yet sent."""
    _check_period(period_start, period_end)
    certificates = selectors.new_certificates(
        institution=institution, start=period_start, end=period_end
    )
    # Locked so a feed being sent meanwhile cannot leave a notice in two feeds unnoticed.
    notices = list(
        selectors.unsent_corrections(institution=institution).select_for_update(of=("self",))
    )
    if not notices and not certificates.exists():
        raise DomainError(
            "feed_empty",
            "所选期间没有新发证书，也没有待报送的更正",
            field="period_start",
            rule="CERT-08",
        )
    name, sha256, n_certs, n_notes = _store(
        institution, certificates.iterator(chunk_size=1000), notices
    )
    try:
        feed = CertificateFeed.objects.create(
            institution=institution,
            period_start=period_start,
            period_end=period_end,
            certificates=n_certs,
            correction_count=n_notes,
            file=name,
            sha256=sha256,
            created_by=_user(actor),
        )
        feed.corrections.set(notices)
        audit_record(
            actor=actor,
            action="certificate_feed.create",
            obj=feed,
            after={
                "period": [period_start, period_end],
                "certificates": n_certs,
                "corrections": [n.certificate_number for n in notices],
                "sha256": sha256,
                "full_id_numbers": True,
            },
        )
    except Exception:
        default_storage.delete(name)  # no file without its record
        raise
    return feed


@transaction.atomic
def certificate_feed_downloaded(*, actor, feed: CertificateFeed) -> None:
    """Every download of the file with full ID numbers is audited (CERT-08)."""
    audit_record(
        actor=actor,
        action="certificate_feed.download",
        obj=feed,
        after={"sha256": feed.sha256, "full_id_numbers": True},
    )


@transaction.atomic
def certificate_feed_send(*, actor, feed: CertificateFeed) -> CertificateFeed:
    """报送: the feed went to the authority; its corrections are sent (VIOL-05), so the next
    feed leaves them out. A notice another feed already sent stays as it was."""
    feed = CertificateFeed.objects.select_for_update().get(pk=feed.pk)
    if feed.sent_at is not None:
        raise DomainError(
            "already_sent",
            f"该上报已于{timezone.localtime(feed.sent_at):%Y-%m-%d %H:%M}报送",
            rule="CERT-08",
        )
    ids = list(feed.corrections.filter(sent=False).values_list("pk", flat=True))
    if ids:
        correction_notices_mark_sent(actor=actor, institution=feed.institution, notice_ids=ids)
    feed.sent_at, feed.sent_by = timezone.now(), _user(actor)
    feed.save(update_fields=["sent_at", "sent_by"])
    audit_record(
        actor=actor,
        action="certificate_feed.sent",
        obj=feed,
        before={"sent": False},
        after={"sent": True, "sha256": feed.sha256, "corrections_marked": len(ids)},
    )
    return feed


__all__ = [
    "certificate_feed_create",
    "certificate_feed_downloaded",
    "certificate_feed_send",
]
