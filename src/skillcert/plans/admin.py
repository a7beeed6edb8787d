"""Admin for sittings, roster imports and registrations."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin
from skillcert.core.admin_audit import AuditedModelAdmin

from .models import (
    Announcement,
    AnnualPlan,
    Ban,
    LateAnnouncement,
    PlanItem,
    Registration,
    RosterImport,
    Sitting,
    SittingChange,
)


@admin.register(Sitting)
class SittingAdmin(AuditedModelAdmin):
    list_display = [
        "name",
        "institution",
        "occupation",
        "job_type",
        "level",
        "mode",
        "theory_on",
        "practical_on",
        "status",
    ]
    list_filter = ["status", "mode", "level"]
    search_fields = ["name", "institution__name", "occupation__code", "occupation__name"]
    list_select_related = ["institution", "occupation", "job_type"]
    # PLAN-07: what is assessed must lie inside the filed scope; the plan services check it,
    # so the admin may fix a name or date but not the subject, and never creates sittings.
    # ARR-10: dates and place change only through an approved change request.
    readonly_fields = [
        "institution",
        "occupation",
        "job_type",
        "level",
        "mode",
        "status",
        "theory_on",
        "practical_on",
        "place",
        "plan",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RosterImport)
class RosterImportAdmin(ReadOnlyModelAdmin):
    list_display = [
        "filename",
        "institution",
        "sitting",
        "status",
        "total_rows",
        "ok_rows",
        "error_rows",
        "created_by",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["filename", "institution__name", "sitting__name"]
    list_select_related = ["institution", "sitting", "created_by"]
    exclude = ["file"]  # rosters hold clear ID numbers


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyModelAdmin):
    """PLAN-08: the review decision is audited by the plan services; read-only here."""

    list_display = ["person", "sitting", "institution", "status", "decision_reason", "created_at"]
    list_filter = ["status", "school_level"]
    search_fields = ["person__name", "person__id_masked", "sitting__name", "institution__name"]
    list_select_related = ["person", "sitting", "institution"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ReadOnlyModelAdmin):
    """PLAN-01: plans change through plan.services, which audit them."""

    list_display = ["institution", "year", "item_source", "made_on", "made_late"]
    list_filter = ["year", "made_late"]
    search_fields = ["institution__name"]


@admin.register(PlanItem)
class PlanItemAdmin(ReadOnlyModelAdmin):
    list_display = ["plan", "occupation", "job_type", "level", "expected_count"]
    list_select_related = ["plan__institution", "occupation", "job_type"]


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyModelAdmin):
    """PLAN-02: publishing checks the lead time in plan.services; read-only here."""

    list_display = ["title", "sitting", "institution", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "sitting__name", "institution__name"]


@admin.register(SittingChange)
class SittingChangeAdmin(ReadOnlyModelAdmin):
    """ARR-10: a change of place or time is decided by a director through the services."""

    list_display = ["sitting", "theory_on", "practical_on", "place", "status", "created_at"]
    list_filter = ["status"]


@admin.register(LateAnnouncement)
class LateAnnouncementAdmin(ReadOnlyModelAdmin):
    """PLAN-02 late path: requested with a reason, decided by a director through services."""

    list_display = ["announcement", "institution", "status", "created_at", "decided_at"]
    list_filter = ["status"]


@admin.register(Ban)
class BanAdmin(ReadOnlyModelAdmin):
    # PLAN-09/VIOL-04 bars are recorded by the violation and certificate services.
    list_display = ["person", "rule", "institution", "until", "graduation_on", "created_at"]
    list_filter = ["rule"]
    search_fields = ["person__name", "reason"]
    list_select_related = ["person", "institution"]
