"""Admin for core reference data; the shared read-only base used by every app's admin."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User
from unfold.admin import ModelAdmin
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from . import audit_actions
from .admin_audit import AuditedModelAdmin, admin_state
from .audit import audit_record
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
class HolidayAdmin(AuditedModelAdmin):
    """PLAN-03: the State Council's holiday notice for years chinese-calendar does not know."""

    list_display = ["day", "name", "is_workday"]
    list_filter = ["is_workday"]
    search_fields = ["name"]
    date_hierarchy = "day"


class AuditActionFilter(admin.SimpleListFilter):
    """The actions stored so far, by their Chinese label (old names included)."""

    title = "操作"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        names = AuditEntry.objects.order_by("action").values_list("action", flat=True)
        return [(name, audit_actions.label(name)) for name in names.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    """REC-09: append-only; `manage.py verify_audit` checks that nobody changed it."""

    list_display = [
        "id",
        "at",
        "actor_label",
        "action_label",
        "object_type",
        "object_id",
        "institution_id",
    ]
    list_filter = [AuditActionFilter, "object_type"]
    search_fields = ["action", "object_type", "object_id", "actor_label"]
    date_hierarchy = "at"

    @admin.display(description="操作", ordering="action")
    def action_label(self, entry: AuditEntry) -> str:
        return entry.action_label


@admin.register(AuditHead)
class AuditHeadAdmin(ReadOnlyModelAdmin):
    list_display = ["id", "last_hash"]


# Users and groups decide who may act (superuser, staff, permissions): their admin is audited.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(AuditedModelAdmin, auth_admin.UserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm

    def user_change_password(self, request, id, form_url=""):
        # Django's password view saves its form itself, not through save_model.
        with self._atomic():
            user = self.get_object(request, id)
            before = admin_state(user) if user else None
            response = super().user_change_password(request, id, form_url)
            after = admin_state(user) if user else None
            if before != after:
                audit_record(
                    actor=request.user,
                    action="admin.password",
                    obj=user,
                    before=before,
                    after=after,
                )
        return response


@admin.register(Group)
class GroupAdmin(AuditedModelAdmin, auth_admin.GroupAdmin):
    pass


def _audit_third_party(model) -> None:
    """Re-register another package's admin with the audit mixed in, without its custom
    actions (they write around save_model/delete_queryset)."""
    original = type(admin.site._registry[model])
    admin.site.unregister(model)
    audited = type(original.__name__, (AuditedModelAdmin, original), {"actions": []})
    admin.site.register(model, audited)


# django-axes: deleting an access attempt unlocks an account, so that too is audited.
for _model in (AccessAttempt, AccessLog, AccessFailureLog):
    _audit_third_party(_model)
