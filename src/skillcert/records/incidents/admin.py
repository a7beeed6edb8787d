"""Incidents are shown, never written here: the services keep REC-05 and the audit chain."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from ..models.incidents import Incident, IncidentStage


@admin.register(Incident)
class IncidentAdmin(ReadOnlyModelAdmin):
    list_display = ["sitting", "severity", "category", "occurred_at", "report_late", "status"]
    list_filter = ["severity", "status", "report_late", "source"]
    list_select_related = ["sitting"]


@admin.register(IncidentStage)
class IncidentStageAdmin(ReadOnlyModelAdmin):
    list_display = ["incident", "at", "by"]
