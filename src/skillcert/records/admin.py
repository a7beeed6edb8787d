"""Admin of the records app: each part registers its models in its own module."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .complaints import admin as _complaints  # noqa: F401
from .incidents import admin as _incidents  # noqa: F401
from .models import (
    ArchiveAccess,
    ArchiveItem,
    ArchivePackage,
    DestructionRequest,
    DutyLog,
    Equipment,
    EquipmentEvent,
    EquipmentUse,
    HandoverSignature,
    ItemErrorReport,
    Pledge,
    ReturnRegister,
    RoomAttendance,
    RoomRecord,
    RoomViolation,
    VoidNotice,
)
from .supervision_report import admin as _supervision_report  # noqa: F401
from .video import admin as _video  # noqa: F401


@admin.register(Equipment)
class EquipmentAdmin(ReadOnlyModelAdmin):
    list_display = ("name", "model", "occupation", "quantity", "calibration_due", "institution")
    list_filter = ("measuring",)


@admin.register(EquipmentEvent)
class EquipmentEventAdmin(ReadOnlyModelAdmin):
    list_display = ("equipment", "kind", "on", "valid_until")


@admin.register(EquipmentUse)
class EquipmentUseAdmin(ReadOnlyModelAdmin):
    list_display = ("sitting", "equipment", "room")


@admin.register(HandoverSignature)
class HandoverSignatureAdmin(ReadOnlyModelAdmin):
    list_display = ("certificate", "signer", "agent_name", "signed_on")


@admin.register(VoidNotice)
class VoidNoticeAdmin(ReadOnlyModelAdmin):
    list_display = ("certificate", "medium", "publication", "published_on")


@admin.register(ArchiveItem)
class ArchiveItemAdmin(ReadOnlyModelAdmin):
    list_display = (
        "title",
        "sitting",
        "retention_class",
        "destroy_after",
        "box",
        "shelf",
        "status",
    )
    list_filter = ("retention_class", "status")


@admin.register(ArchiveAccess)
class ArchiveAccessAdmin(ReadOnlyModelAdmin):
    list_display = ("item", "kind", "borrower", "status", "requested_at")


@admin.register(DestructionRequest)
class DestructionRequestAdmin(ReadOnlyModelAdmin):
    list_display = ("sitting", "reason", "status", "destroyed_on")


@admin.register(ArchivePackage)
class ArchivePackageAdmin(ReadOnlyModelAdmin):
    list_display = ("sitting", "status", "done", "total", "created_at")


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
