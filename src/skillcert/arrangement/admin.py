"""Admin for venues, rooms and seat arrangements: shown, never written here — the services
check ARR-01/ARR-02 and audit every change."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import (
    CandidateRecheck,
    ExaminerRating,
    ImplementationPlan,
    LevelApproval,
    Room,
    Seat,
    SeatArrangement,
    SittingStaffing,
    StaffAssignment,
    Venue,
)


@admin.register(Venue)
class VenueAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "institution", "address"]
    search_fields = ["name", "institution__name"]
    list_select_related = ["institution"]


@admin.register(Room)
class RoomAdmin(ReadOnlyModelAdmin):
    list_display = ["number", "name", "kind", "venue", "institution", "capacity"]
    list_filter = ["kind"]
    search_fields = ["name", "venue__name", "institution__name"]
    list_select_related = ["venue", "institution"]


@admin.register(SeatArrangement)
class SeatArrangementAdmin(ReadOnlyModelAdmin):
    list_display = ["sitting", "institution", "seed", "candidates", "adjacent_classmates"]
    search_fields = ["sitting__name", "institution__name"]
    list_select_related = ["sitting", "institution"]


@admin.register(Seat)
class SeatAdmin(ReadOnlyModelAdmin):
    # ARR-09 concerns pages for examiners; the admin is for superusers only.
    list_display = ["ticket_number", "room", "seat_no", "registration"]
    search_fields = ["ticket_number"]
    list_select_related = ["room", "registration__person", "registration__sitting"]


@admin.register(SittingStaffing)
class SittingStaffingAdmin(ReadOnlyModelAdmin):
    list_display = ["sitting", "institution", "seed", "proven_optimal", "created_at"]
    search_fields = ["sitting__name", "institution__name"]
    list_select_related = ["sitting", "institution"]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(ReadOnlyModelAdmin):
    list_display = ["plan", "person", "role", "room", "occupation", "level", "leader"]
    list_filter = ["role"]
    search_fields = ["person__name", "plan__sitting__name"]
    list_select_related = ["plan__sitting", "person", "room", "occupation"]


# INST-13 / PLAN-11 / INST-16: sent, decided and re-checked through the services (audited).
@admin.register(ImplementationPlan)
class ImplementationPlanAdmin(ReadOnlyModelAdmin):
    list_display = ["sitting", "version", "state", "submitted_on", "due_on", "decided_at"]
    list_filter = ["state"]
    list_select_related = ["sitting"]


@admin.register(CandidateRecheck)
class CandidateRecheckAdmin(ReadOnlyModelAdmin):
    list_display = ["plan", "registration", "finding", "at"]
    list_select_related = ["plan__sitting", "registration__person", "registration__sitting"]


@admin.register(LevelApproval)
class LevelApprovalAdmin(ReadOnlyModelAdmin):
    list_display = ["sitting", "state", "created_at", "decided_at"]
    list_filter = ["state"]
    list_select_related = ["sitting"]


# PEOPLE-11: rated and corrected through the services only (each audited).
@admin.register(ExaminerRating)
class ExaminerRatingAdmin(ReadOnlyModelAdmin):
    list_display = ["sitting", "examiner", "score", "revision", "rated_by", "rated_at"]
    search_fields = ["sitting__name", "examiner__person__name"]
    list_select_related = ["sitting", "examiner__person", "rated_by"]
