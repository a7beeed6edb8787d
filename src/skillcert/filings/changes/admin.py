"""INST-08 change applications are shown, never written here (the services audit them)."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from ..models import ChangeApplication, ChangeDocument


@admin.register(ChangeApplication)
class ChangeApplicationAdmin(ReadOnlyModelAdmin):
    list_display = ["institution", "kind", "new_value", "state", "submitted_at"]
    list_filter = ["kind", "state"]
    list_select_related = ["institution"]


@admin.register(ChangeDocument)
class ChangeDocumentAdmin(ReadOnlyModelAdmin):
    list_display = ["application", "kind", "name", "size"]
    list_select_related = ["application__institution"]
