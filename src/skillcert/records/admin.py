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
    Equipment,
    EquipmentEvent,
    EquipmentUse,
    HandoverSignature,
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
