"""Supervision rows are shown, never written here: the services keep INST-09/10 and the audit."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import (
    AnnualInspection,
    AnnualItem,
    CreditEvent,
    InspectionDraw,
    InspectionTarget,
    Inspector,
    SittingSupervisor,
)


@admin.register(Inspector)
class InspectorAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "unit", "authority", "active"]
    list_select_related = ["authority"]


@admin.register(InspectionDraw)
class InspectionDrawAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "authority", "seed", "drawn_at", "published_at"]
    list_select_related = ["authority"]


@admin.register(InspectionTarget)
class InspectionTargetAdmin(ReadOnlyModelAdmin):
    list_display = ["draw", "institution", "outcome", "recorded_at"]
    list_select_related = ["draw", "institution"]


@admin.register(CreditEvent)
class CreditEventAdmin(ReadOnlyModelAdmin):
    list_display = ["institution", "kind", "points", "occurred_on"]
    list_select_related = ["institution"]


@admin.register(SittingSupervisor)
class SittingSupervisorAdmin(ReadOnlyModelAdmin):
    list_display = ["sitting", "inspector", "sent_at"]
    list_select_related = ["sitting", "inspector"]


@admin.register(AnnualItem)
class AnnualItemAdmin(ReadOnlyModelAdmin):
    list_display = ["year", "code", "title", "max_points"]


@admin.register(AnnualInspection)
class AnnualInspectionAdmin(ReadOnlyModelAdmin):
    list_display = ["institution", "year", "total"]
    list_select_related = ["institution"]
