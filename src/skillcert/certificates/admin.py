"""Admin for certificates: all read-only. Numbers (CERT-01/02), the issue register review
(CERT-04), voiding (CERT-06), replacement (CERT-05), the blank stock (CERT-07) and the
authority export (CERT-08) are done by the certificate services, which audit them."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import (
    BlankStockBatch,
    Certificate,
    CertificateExport,
    CertificatePdfJob,
    CertificateZipJob,
    IssueRegister,
    Replacement,
    SerialCounter,
    StockMovement,
)


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


@admin.register(CertificateZipJob)
class CertificateZipJobAdmin(ReadOnlyModelAdmin):
    list_display = ["register", "institution", "status", "done", "total", "size", "created_at"]
    list_filter = ["status"]
    search_fields = ["institution__name"]
    exclude = ["file"]  # full ID numbers inside (CERT-03): served only by a tenancy view


@admin.register(BlankStockBatch)
class BlankStockBatchAdmin(ReadOnlyModelAdmin):
    list_display = ["__str__", "institution", "received_on", "source", "location"]
    list_filter = ["received_on"]
    search_fields = ["institution__name", "source", "prefix"]
    list_select_related = ["institution"]


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyModelAdmin):
    list_display = ["batch", "kind", "first_serial", "last_serial", "on", "certificate", "reason"]
    list_filter = ["kind", "on"]
    search_fields = ["institution__name", "certificate__number", "reason"]
    list_select_related = ["batch", "certificate"]


@admin.register(Replacement)
class ReplacementAdmin(ReadOnlyModelAdmin):
    list_display = ["certificate", "institution", "reason", "applied_on", "replaced_on"]
    list_filter = ["reason", "replaced_on"]
    search_fields = ["certificate__number", "institution__name"]
    list_select_related = ["certificate", "institution"]


@admin.register(CertificateExport)
class CertificateExportAdmin(ReadOnlyModelAdmin):
    list_display = ["pk", "institution", "sitting", "rows", "created_at", "sent_on", "sent_to"]
    list_filter = ["sent_on"]
    search_fields = ["institution__name", "sent_to"]
    exclude = ["file"]  # full ID numbers inside (CERT-08): downloaded only through its view
