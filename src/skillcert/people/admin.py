"""Admin for persons. Personal data (个人信息保护法, PEOPLE-01): the clear ID number and its
cipher text are never shown; support staff find a person by typing the full number, which
is matched through the keyed hash."""

from django.contrib import admin
from unfold.admin import ModelAdmin

from skillcert.core import crypto
from skillcert.core.idnumbers import ID_TYPES

from .models import Person


@admin.register(Person)
class PersonAdmin(ModelAdmin):
    list_display = ["name", "id_type", "id_masked", "sex", "birth_date", "phone", "user"]
    list_filter = ["id_type", "sex"]
    search_fields = ["name", "phone", "id_masked"]
    exclude = ["id_number_encrypted", "id_hash"]
    # Derived from the ID number at creation (people.services); editing them here would
    # make them disagree with the encrypted number.
    readonly_fields = ["id_type", "id_masked", "sex", "birth_date"]
    raw_id_fields = ["user"]

    def has_add_permission(self, request):
        return False  # persons are created by person_get_or_create(), which encrypts the ID

    def has_delete_permission(self, request, obj=None):
        return False  # registrations and certificates keep them (REC-01 retention)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip().upper()
        if len(term) >= 5:
            hashes = [crypto.id_hash(id_type, term) for id_type, _ in ID_TYPES]
            results = results | queryset.filter(id_hash__in=hashes)
        return results, may_have_duplicates
