"""Deliveries are shown, never written here: the services keep the audit chain (REC-09)."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import ReportDelivery


@admin.register(ReportDelivery)
class ReportDeliveryAdmin(ReadOnlyModelAdmin):
    list_display = ["institution", "kind", "period_start", "period_end", "sent_at"]
    list_select_related = ["institution"]
