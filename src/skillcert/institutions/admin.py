"""Admin for authorities, institutions, memberships; filing and scope change only via services."""

from django import forms
from django.contrib import admin
from unfold.admin import TabularInline

from skillcert.core.admin import ReadOnlyModelAdmin
from skillcert.core.admin_audit import AuditedModelAdmin
from skillcert.core.errors import DomainError
from skillcert.core.idnumbers import validate_credit_code

from .models import Authority, AuthorityStaff, Institution, Membership, ScopeRow

# INST-04: the filing number and date are set by institution_file(), which checks the
# number and writes the audit entry (REC-09); the admin only shows them.
FILING_FIELDS = [
    "status",
    "filed_on",
    "cert_category",
    "cert_org_code",
    "cert_province",
    "cert_city",
    "cert_sequence",
]


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = [
            "kind",
            "name",
            "short_name",
            "credit_code",
            "nature",
            "supervising_dept",
            "legal_rep",
            "contact_person",
            "phone",
            "email",
            "website",
            "address",
            "prev_station_code",
            "region_code",
            "authority",
            "seal_text",
        ]

    def clean_credit_code(self):
        try:
            return validate_credit_code(self.cleaned_data["credit_code"])  # INST-01
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None

    def clean_region_code(self):
        code = self.cleaned_data["region_code"]
        if len(code) != 6 or not code.isdigit():
            raise forms.ValidationError("所在地行政区划代码应为6位数字")
        return code


class ScopeRowInline(TabularInline):
    """INST-12 scope rows, read-only: scope_row_add() checks CAT-02/03 and LEVEL-04/05."""

    model = ScopeRow
    fields = ["occupation", "job_type", "levels", "standard"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Authority)
class AuthorityAdmin(AuditedModelAdmin):
    list_display = ["name", "region_code"]
    search_fields = ["name", "region_code"]


@admin.register(Institution)
class InstitutionAdmin(AuditedModelAdmin):
    form = InstitutionForm
    list_display = [
        "name",
        "kind",
        "status",
        "filing_number",
        "filed_on",
        "region_code",
        "contact_person",
        "phone",
    ]
    list_filter = ["status", "kind", "nature"]
    search_fields = ["name", "short_name", "credit_code", "cert_sequence", "region_code"]
    readonly_fields = FILING_FIELDS
    raw_id_fields = ["authority"]
    inlines = [ScopeRowInline]

    @admin.display(description="备案号")
    def filing_number(self, obj):
        return obj.filing_number


@admin.register(ScopeRow)
class ScopeRowAdmin(ReadOnlyModelAdmin):
    list_display = ["institution", "occupation", "job_type", "levels", "standard"]
    list_filter = ["levels"]
    search_fields = ["institution__name", "occupation__code", "occupation__name", "job_type__name"]
    list_select_related = ["institution", "occupation", "job_type", "standard"]


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "institution", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "institution__name"]
    raw_id_fields = ["user", "institution"]
    list_select_related = ["user", "institution"]


@admin.register(AuthorityStaff)
class AuthorityStaffAdmin(AuditedModelAdmin):
    list_display = ["user", "authority"]
    list_filter = ["authority"]
    search_fields = ["user__username", "authority__name"]
    raw_id_fields = ["user"]
