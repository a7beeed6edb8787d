"""Supervision reports are shown, never written here (REC-06 signatures, audit chain)."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from ..models.supervision_report import SupervisionReport, SupervisionSignature


@admin.register(SupervisionReport)
class SupervisionReportAdmin(ReadOnlyModelAdmin):
    list_display = ["sitting", "status", "due_on", "signed_at", "late"]
    list_filter = ["status", "late"]
    list_select_related = ["sitting"]


@admin.register(SupervisionSignature)
class SupervisionSignatureAdmin(ReadOnlyModelAdmin):
    list_display = ["report", "person", "signed_at"]
