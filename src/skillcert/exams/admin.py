"""Admin for exams: shown, never written here — the services check EXAM-04..10 and audit.
The sealed paper is never shown (EXAM-04)."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import Answer, Exam, ExamAttempt, ExamIncident


@admin.register(Exam)
class ExamAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "sitting", "institution", "starts_at", "duration_minutes", "status"]
    list_filter = ["status"]
    search_fields = ["title", "sitting__name", "institution__name"]
    list_select_related = ["sitting", "institution"]
    exclude = ["sealed_questions"]


@admin.register(ExamAttempt)
class ExamAttemptAdmin(ReadOnlyModelAdmin):
    list_display = ["exam", "registration", "started_at", "extra_minutes", "submitted_by", "score"]
    list_filter = ["submitted_by"]
    search_fields = ["exam__title"]
    list_select_related = ["exam", "registration__person", "registration__sitting"]
    exclude = ["order"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyModelAdmin):
    list_display = ["attempt", "item_id", "seq", "saved_at"]
    list_select_related = ["attempt__exam"]


@admin.register(ExamIncident)
class ExamIncidentAdmin(ReadOnlyModelAdmin):
    list_display = ["exam", "room", "minutes_lost", "extra_granted", "by", "at"]
    search_fields = ["note", "exam__title"]
    list_select_related = ["exam", "room", "by"]
