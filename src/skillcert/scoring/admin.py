"""Admin for results: read-only; scores change only through the scoring services
(SCORE-01, SCORE-03), which write the audit chain (REC-09)."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import Result


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
