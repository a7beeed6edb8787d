"""Deliveries and feeds are shown, never written here: the services keep the audit chain
(REC-09)."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import CertificateFeed, ReportDelivery, SittingTally


@admin.register(ReportDelivery)
class ReportDeliveryAdmin(ReadOnlyModelAdmin):
    list_display = ["institution", "kind", "period_start", "period_end", "sent_at"]
    list_select_related = ["institution"]


# --- home helper: the certificate data feed (CERT-08, VIOL-05) ---
@admin.register(CertificateFeed)
class CertificateFeedAdmin(ReadOnlyModelAdmin):
    list_display = ["institution", "period_start", "period_end", "certificates", "sent_at"]
    list_select_related = ["institution"]
    exclude = ["file"]  # the sealed file holds full ID numbers: downloaded on the page only


@admin.register(SittingTally)
class SittingTallyAdmin(ReadOnlyModelAdmin):
    """Counted by reports.tally from the registrations and results, never typed."""

    list_display = ["sitting", "registered", "sat", "passed", "changes", "tallied", "counted_at"]
