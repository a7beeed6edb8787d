"""Admin for persons. Personal data (个人信息保护法, PEOPLE-01): the clear ID number and its
cipher text are never shown; support staff find a person by typing the full number, which
is matched through the keyed hash."""

from django.contrib import admin
from unfold.admin import ModelAdmin

from skillcert.core import crypto
from skillcert.core.admin_audit import AuditedModelAdmin
from skillcert.core.idnumbers import ID_TYPES

from .models import (
    AccountOpening,
    ClaimCode,
    Examiner,
    ExaminerEvaluation,
    ExamStaff,
    Expert,
    Person,
    QualitySupervisor,
    Relative,
    TaughtClass,
)


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ["name", "id_type", "id_masked", "sex", "birth_date", "phone", "user"]
    list_filter = ["id_type", "sex"]
    search_fields = ["name", "phone", "id_masked"]
    # The photo only through people.photos.photo_set, which checks and seals it.
    exclude = ["id_number_encrypted", "id_hash", "photo"]
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


class RegisterAdmin(ModelAdmin):
    """The registers are written by people.services, which check PEOPLE-02..08 and audit the
    change; the admin only reads them. The person shows by name and masked ID (PEOPLE-01)."""

    list_select_related = ["person", "institution"]
    list_filter = ["institution"]
    search_fields = ["person__name", "person__id_masked"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="人员")
    def who(self, obj) -> str:
        return str(obj.person)


@admin.register(Examiner)
class ExaminerAdmin(RegisterAdmin):
    list_display = ["who", "institution", "grade", "card_number", "card_issued_on", "status"]
    list_filter = ["institution", "grade", "status"]


@admin.register(ExaminerEvaluation)
class ExaminerEvaluationAdmin(RegisterAdmin):
    list_display = ["examiner", "year", "score", "grade"]
    list_select_related = ["examiner__person"]
    list_filter = ["year", "grade"]
    search_fields = ["examiner__person__name"]


@admin.register(QualitySupervisor)
class QualitySupervisorAdmin(RegisterAdmin):
    list_display = ["who", "institution", "kind", "card_number", "card_issued_on", "active"]


@admin.register(Expert)
class ExpertAdmin(RegisterAdmin):
    list_display = ["who", "institution", "occupation", "degree", "is_group_leader"]


@admin.register(ExamStaff)
class ExamStaffAdmin(RegisterAdmin):
    list_display = ["who", "institution", "role", "title", "active"]


@admin.register(Relative)
class RelativeAdmin(RegisterAdmin):
    list_display = ["person", "relative", "kind", "institution"]
    list_select_related = ["person", "relative", "institution"]
    search_fields = ["person__name", "relative__name"]


@admin.register(TaughtClass)
class TaughtClassAdmin(RegisterAdmin):
    list_display = ["teacher", "class_name", "institution"]
    list_select_related = ["teacher", "institution"]
    search_fields = ["teacher__name", "class_name"]


@admin.register(AccountOpening)
class AccountOpeningAdmin(RegisterAdmin):
    """开通账号 records (people.accounts.person_account_open): read only here."""

    list_display = ["person", "user", "institution", "opened_at", "must_change_password"]
    list_select_related = ["person", "user", "institution"]
    search_fields = ["person__name", "user__username"]


@admin.register(ClaimCode)
class ClaimCodeAdmin(ModelAdmin):
    """Read-only: codes are issued on the person's page (people.claims), audited; the admin
    shows who issued and used them, never the code (only its hash is stored)."""

    list_display = [
        "person",
        "account",
        "institution",
        "issued_by",
        "issued_at",
        "expires_at",
        "used_at",
    ]
    list_select_related = ["person", "account", "institution", "issued_by"]
    exclude = ["code_hash"]
    readonly_fields = [
        "person",
        "account",
        "institution",
        "issued_by",
        "expires_at",
        "used_at",
        "used_by",
        "revoked",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
