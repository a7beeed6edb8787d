"""Admin for certificates: all read-only. Numbers (CERT-01/02), the issue register review
(CERT-04) and voiding (CERT-06) are done by the certificate services, which audit them."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import Certificate, CertificatePdfJob, IssueRegister, SerialCounter


@admin.register(SerialCounter)
class SerialCounterAdmin(ReadOnlyModelAdmin):
    list_display = ["institution", "year", "level", "last_serial"]
    list_filter = ["year", "level"]
    search_fields = ["institution__name"]


@admin.register(IssueRegister)
class IssueRegisterAdmin(ReadOnlyModelAdmin):
    list_display = [
        "sitting",
        "institution",
        "status",
        "created_by",
        "created_at",
        "reviewed_by",
        "issued_on",
    ]
    list_filter = ["status"]
    search_fields = ["sitting__name", "institution__name"]
    list_select_related = ["sitting", "institution", "created_by", "reviewed_by"]
    exclude = ["registrations"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyModelAdmin):
    list_display = [
        "number",
        "holder_name",
        "id_masked",
        "occupation_name",
        "job_type_name",
        "level",
        "issuer_name",
        "issued_on",
        "status",
    ]
    list_filter = ["status", "level", "issued_on"]
    search_fields = ["number", "holder_name", "occupation_code", "occupation_name", "issuer_name"]


@admin.register(CertificatePdfJob)
class CertificatePdfJobAdmin(ReadOnlyModelAdmin):
    list_display = [
        "register",
        "institution",
        "status",
        "done",
        "total",
        "created_by",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status"]
    search_fields = ["institution__name"]
    exclude = ["file"]  # the PDF holds full ID numbers (CERT-03): served only by a tenancy view
