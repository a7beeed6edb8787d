"""Admin of the bank and papers: shown, never written here — the services check EXAM-01..04
and audit every change. A paper's questions are shown only as their sealed size."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import (
    Blueprint,
    Item,
    ItemVersion,
    Paper,
    PaperCustodyEvent,
    PaperHandover,
    PaperSet,
    PaperUnlock,
)


@admin.register(Item)
class ItemAdmin(ReadOnlyModelAdmin):
    list_display = [
        "id",
        "institution",
        "occupation",
        "level",
        "kind",
        "source",
        "status",
        "version",
    ]
    list_filter = ["kind", "source", "status", "level"]
    search_fields = ["stem", "knowledge_point", "institution__name"]
    list_select_related = ["institution", "occupation"]


@admin.register(ItemVersion)
class ItemVersionAdmin(ReadOnlyModelAdmin):
    list_display = ["item", "version", "created_by", "created_at"]
    list_select_related = ["item", "created_by"]


@admin.register(Blueprint)
class BlueprintAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "institution", "occupation", "level", "created_at"]
    search_fields = ["name", "institution__name"]
    list_select_related = ["institution", "occupation"]


@admin.register(PaperSet)
class PaperSetAdmin(ReadOnlyModelAdmin):
    list_display = ["id", "blueprint", "institution", "sitting", "forms", "seed", "created_at"]
    list_select_related = ["blueprint", "institution", "sitting"]


@admin.register(Paper)
class PaperAdmin(ReadOnlyModelAdmin):
    list_display = [
        "id",
        "blueprint",
        "form_no",
        "institution",
        "sitting",
        "status",
        "custodian",
        "key_holder",
    ]
    list_filter = ["status"]
    exclude = ["sealed"]
    list_select_related = ["blueprint", "institution", "sitting", "custodian", "key_holder"]


@admin.register(PaperHandover)
class PaperHandoverAdmin(ReadOnlyModelAdmin):
    list_display = ["paper", "from_user", "to_user", "status", "requested_at", "confirmed_at"]
    list_filter = ["status"]
    list_select_related = ["paper", "from_user", "to_user"]


@admin.register(PaperUnlock)
class PaperUnlockAdmin(ReadOnlyModelAdmin):
    list_display = ["paper", "purpose", "day", "requested_by", "key_holder", "status"]
    list_filter = ["purpose", "status"]
    list_select_related = ["paper", "requested_by", "key_holder"]


@admin.register(PaperCustodyEvent)
class PaperCustodyEventAdmin(ReadOnlyModelAdmin):
    list_display = ["at", "paper", "kind", "actor_label", "detail"]
    list_filter = ["kind"]
    list_select_related = ["paper"]
