"""Admin for violations: shown, never written here — the services apply the rules
(VIOL-01..06) and audit every change."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import CorrectionNotice, Violation, ViolationEvidence


@admin.register(Violation)
class ViolationAdmin(ReadOnlyModelAdmin):
    list_display = ["registration", "rule", "category", "subject", "status", "occurred_at"]
    list_filter = ["rule", "status", "found_after_sitting"]
    search_fields = ["registration__person__name", "registration__sitting__name"]
    list_select_related = ["registration__person", "registration__sitting"]


@admin.register(ViolationEvidence)
class ViolationEvidenceAdmin(ReadOnlyModelAdmin):
    # Files are sealed; they are opened through the tenancy-checked page, not here.
    list_display = ["filename", "violation", "content_type", "size", "uploaded_at"]
    exclude = ["file"]
    list_select_related = ["violation__registration__person"]


@admin.register(CorrectionNotice)
class CorrectionNoticeAdmin(ReadOnlyModelAdmin):
    list_display = ["certificate_number", "institution", "reason", "created_at", "sent"]
    list_filter = ["sent"]
    search_fields = ["certificate_number"]
    list_select_related = ["institution"]
