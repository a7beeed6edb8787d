"""Admin of records: shown, never written here — the services keep the rules and audit."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import (
    DutyLog,
    ItemErrorReport,
    Pledge,
    ReturnRegister,
    RoomAttendance,
    RoomRecord,
    RoomViolation,
)


# --- room record (REC-10) and paper exams (EXAM-11, EXAM-12) ---------------------------------
@admin.register(RoomRecord)
class RoomRecordAdmin(ReadOnlyModelAdmin):
    list_display = ["sitting", "room", "status", "seal_number", "sealed_at"]
    list_filter = ["status"]
    search_fields = ["sitting__name", "institution__name"]
    list_select_related = ["sitting", "room"]


@admin.register(RoomAttendance)
class RoomAttendanceAdmin(ReadOnlyModelAdmin):
    list_display = ["ticket_number", "record", "seat_no", "status"]
    list_filter = ["status"]
    search_fields = ["ticket_number"]
    list_select_related = ["record__sitting", "record__room"]


@admin.register(RoomViolation)
class RoomViolationAdmin(ReadOnlyModelAdmin):
    list_display = ["record", "violation", "candidate_signed", "proctor_signed_at"]
    list_select_related = ["record__sitting", "record__room", "violation__registration__person"]


@admin.register(ReturnRegister)
class ReturnRegisterAdmin(ReadOnlyModelAdmin):
    list_display = ["sitting", "room", "papers_issued", "cards_issued", "seal_number", "status"]
    list_filter = ["status"]
    list_select_related = ["sitting", "room"]


@admin.register(ItemErrorReport)
class ItemErrorReportAdmin(ReadOnlyModelAdmin):
    list_display = ["sitting", "question_no", "status", "reported_at"]
    list_filter = ["status"]
    list_select_related = ["sitting"]


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyModelAdmin):
    list_display = ["user", "kind", "institution", "signed_at", "valid_until"]
    list_filter = ["kind"]
    list_select_related = ["user", "institution"]


@admin.register(DutyLog)
class DutyLogAdmin(ReadOnlyModelAdmin):
    list_display = ["day", "shift", "first", "second", "second_signed_at", "institution"]
    list_select_related = ["first", "second", "institution"]
