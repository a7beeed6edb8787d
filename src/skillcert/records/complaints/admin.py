"""Complaints are shown, never written here (REC-04 steps and deadlines, audit chain)."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from ..models.complaints import Complaint, ComplaintEvidence, ComplaintNotice


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "received_on", "status", "accept_due", "decision_due"]
    list_filter = ["status", "extended"]
    search_fields = ["name", "unit"]


@admin.register(ComplaintEvidence)
class ComplaintEvidenceAdmin(ReadOnlyModelAdmin):
    list_display = ["filename", "complaint", "content_type", "size"]
    exclude = ["file"]


@admin.register(ComplaintNotice)
class ComplaintNoticeAdmin(ReadOnlyModelAdmin):
    list_display = ["complaint", "kind", "issued_on"]
