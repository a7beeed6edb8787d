"""Admin for results: read-only; scores change only through the scoring services
(SCORE-01, SCORE-03), which write the audit chain (REC-09)."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import Appeal, Result, ResultNotice, ResultPublication, ResultSubmission


@admin.register(Result)
class ResultAdmin(ReadOnlyModelAdmin):
    list_display = [
        "registration",
        "institution",
        "theory_score",
        "theory_absent",
        "practical_score",
        "practical_absent",
        "passed",
        "updated_at",
    ]
    list_filter = ["passed", "theory_absent", "practical_absent"]
    search_fields = [
        "registration__person__name",
        "registration__sitting__name",
        "institution__name",
    ]
    list_select_related = ["registration__person", "registration__sitting", "institution"]


@admin.register(ResultNotice)
class ResultNoticeAdmin(ReadOnlyModelAdmin):
    """SCORE-04: when the sitting's results went to the candidates."""

    list_display = ["sitting", "institution", "due_on", "notified_at", "late"]
    list_filter = ["late"]
    search_fields = ["sitting__name", "institution__name"]
    list_select_related = ["sitting", "institution"]


@admin.register(ResultPublication)
class ResultPublicationAdmin(ReadOnlyModelAdmin):
    """SCORE-06: publication (公示) of a sitting's results."""

    list_display = ["sitting", "institution", "published_at", "period_ends_on", "passed"]
    search_fields = ["sitting__name", "institution__name"]
    list_select_related = ["sitting", "institution"]


@admin.register(ResultSubmission)
class ResultSubmissionAdmin(ReadOnlyModelAdmin):
    """INST-14: sent and reviewed through the services (audited)."""

    list_display = ["sitting", "version", "state", "candidates", "passed", "submitted_at"]
    list_filter = ["state"]
    list_select_related = ["sitting"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyModelAdmin):
    """SCORE-05: appeals change only through scoring.services (audited)."""

    list_display = ["registration", "subject", "status", "received_at", "due_on", "outcome"]
    list_filter = ["status", "outcome", "subject"]
    search_fields = ["registration__person__name", "registration__sitting__name"]
    list_select_related = ["registration__person", "registration__sitting"]
