"""Admin for core reference data; the shared read-only base used by every app's admin."""

from django.contrib import admin
from unfold.admin import ModelAdmin

from .models import AuditEntry, AuditHead, Holiday


class ReadOnlyModelAdmin(ModelAdmin):
    """Shown, never written: the services own the rules and the audit chain (REC-09), so a
    record that decides a result changes only through them, never through an admin form."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Holiday)
class HolidayAdmin(ModelAdmin):
    """PLAN-03: the State Council's holiday notice for years chinese-calendar does not know."""

    list_display = ["day", "name", "is_workday"]
    list_filter = ["is_workday"]
    search_fields = ["name"]
    date_hierarchy = "day"


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    """REC-09: append-only; `manage.py verify_audit` checks that nobody changed it."""

    list_display = [
        "id",
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "institution_id",
    ]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "object_type", "object_id", "actor_label"]
    date_hierarchy = "at"


@admin.register(AuditHead)
class AuditHeadAdmin(ReadOnlyModelAdmin):
    list_display = ["id", "last_hash"]
