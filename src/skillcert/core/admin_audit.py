"""The admin's writes go into the audit chain (REC-09), like every service's.

An admin form that can change who a person is, who may act for an institution, or the seal
it prints is as much a decision as a service call. `AuditedModelAdmin` writes one entry per
saved, added or deleted row (inline rows and rows a delete cascades to included) with the
state before and after, in the transaction that makes the change. Every writable admin
derives from it; tests/core/test_admin.py checks that against `admin.site._registry`.
"""

import hashlib

from django.contrib.admin.utils import NestedObjects
from django.db import models, router, transaction
from django.db.models.fields.files import FieldFile
from unfold.admin import ModelAdmin

from .audit import AuditDraft, audit_record_many

# Never copied into the chain in clear: a short digest shows that they changed.
SECRET_FIELDS = frozenset({"password", "id_number_encrypted", "id_hash"})


def _digest(value) -> str:
    raw = value if isinstance(value, bytes) else str(value).encode()
    return "sha256:" + hashlib.sha256(raw).hexdigest()[:16]


def _plain(field: models.Field, value):
    if value is None:
        return None
    if field.name in SECRET_FIELDS or isinstance(value, bytes | memoryview):
        return _digest(bytes(value) if isinstance(value, memoryview) else value)
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def admin_state(obj: models.Model) -> dict | None:
    """The row as stored (not as the form left it): concrete fields and many-to-many ids."""
    if obj.pk is None:
        return None
    row = type(obj)._base_manager.filter(pk=obj.pk).first()
    if row is None:
        return None
    state = {f.attname: _plain(f, f.value_from_object(row)) for f in row._meta.concrete_fields}
    for field in row._meta.many_to_many:
        state[field.name] = sorted(getattr(row, field.name).values_list("pk", flat=True))
    return state


def _institution_of(obj: models.Model) -> int | None:
    if obj._meta.label_lower == "institutions.institution":
        return obj.pk  # an institution's own record belongs to it (tenancy of the entry)
    return getattr(obj, "institution_id", None)


def _draft(action: str, obj: models.Model, before, after) -> AuditDraft:
    return AuditDraft(
        action, obj._meta.label_lower, str(obj.pk), _institution_of(obj), before, after
    )


class AuditedModelAdmin(ModelAdmin):
    """A writable admin whose every add, change and delete is an audit entry."""

    def _atomic(self):
        return transaction.atomic(using=router.db_for_write(self.model))

    def save_model(self, request, obj, form, change):
        with self._atomic():
            before = admin_state(obj) if change else None
            super().save_model(request, obj, form, change)
            action = "admin.change" if change else "admin.add"
            audit_record_many(
                actor=request.user, drafts=[_draft(action, obj, before, admin_state(obj))]
            )

    def save_related(self, request, form, formsets, change):
        # Many-to-many (a user's groups, a group's permissions) are saved here, after save_model.
        obj, m2m = form.instance, [f.name for f in form.instance._meta.many_to_many]
        with self._atomic():
            before = admin_state(obj) if m2m else None
            super().save_related(request, form, formsets, change)
            after = admin_state(obj) if m2m else None
            if before != after:
                drafts = [_draft("admin.change_related", obj, before, after)]
                audit_record_many(actor=request.user, drafts=drafts)

    def save_formset(self, request, form, formset, change):
        with self._atomic():
            before = {f.instance.pk: admin_state(f.instance) for f in formset.initial_forms}
            super().save_formset(request, form, formset, change)
            drafts = [_draft("admin.add", o, None, admin_state(o)) for o in formset.new_objects]
            drafts += [
                _draft("admin.change", o, before.get(o.pk), admin_state(o))
                for o, _fields in formset.changed_objects
            ]
            drafts += [
                _draft("admin.delete", o, before.get(o.pk), None) for o in formset.deleted_objects
            ]
            audit_record_many(actor=request.user, drafts=drafts)

    def delete_model(self, request, obj):
        with self._atomic():
            drafts = self._deletion_drafts([obj])
            super().delete_model(request, obj)
            audit_record_many(actor=request.user, drafts=drafts)

    def delete_queryset(self, request, queryset):
        """The "delete selected" action."""
        with self._atomic():
            drafts = self._deletion_drafts(list(queryset))
            super().delete_queryset(request, queryset)
            audit_record_many(actor=request.user, drafts=drafts)

    def _deletion_drafts(self, objs: list[models.Model]) -> list[AuditDraft]:
        """One entry per row the delete removes, cascades included (a user's memberships)."""
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        rows = [o for instances in collector.data.values() for o in instances]
        rows += [o for qs in collector.fast_deletes for o in qs]
        return [_draft("admin.delete", o, admin_state(o), None) for o in rows]
