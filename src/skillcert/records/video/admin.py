"""The video index is shown, never written here (REC-11 retention, audit chain)."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from ..models.video import ExamPeriod, VideoRecording


@admin.register(ExamPeriod)
class ExamPeriodAdmin(ReadOnlyModelAdmin):
    list_display = ["sitting", "room", "starts_at", "ends_at"]
    list_select_related = ["sitting", "room"]


@admin.register(VideoRecording)
class VideoRecordingAdmin(ReadOnlyModelAdmin):
    # Files are sealed; they are opened through the tenancy-checked page, not here.
    list_display = ["sitting", "room", "station", "starts_at", "ends_at", "kind", "retain_until"]
    exclude = ["file"]
    list_select_related = ["sitting", "room"]
