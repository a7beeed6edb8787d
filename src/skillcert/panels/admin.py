"""Admin for panel scoring: read-only; scores, signatures and summaries change only through
the panel services (SCORE-03), which write the audit chain (REC-09)."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import (
    Absence,
    AssessmentModule,
    ItemScore,
    Panel,
    PanelMember,
    ScoreVersion,
    ScoringItem,
    Signature,
    SummarySignature,
    TallyCheck,
    WorkNumber,
)


@admin.register(Panel)
class PanelAdmin(ReadOnlyModelAdmin):
    list_display = ["sitting", "occupation", "leader", "checker", "locked_at", "institution"]
    list_select_related = ["sitting", "occupation", "leader", "checker", "institution"]
    search_fields = ["sitting__name", "institution__name"]


@admin.register(PanelMember)
class PanelMemberAdmin(ReadOnlyModelAdmin):
    list_display = ["panel", "person"]
    list_select_related = ["panel__sitting", "panel__occupation", "person"]


@admin.register(AssessmentModule)
class AssessmentModuleAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "panel", "order", "weight"]
    list_select_related = ["panel__sitting", "panel__occupation"]


@admin.register(ScoringItem)
class ScoringItemAdmin(ReadOnlyModelAdmin):
    list_display = ["description", "module", "order", "max_points"]
    list_select_related = ["module"]


@admin.register(WorkNumber)
class WorkNumberAdmin(ReadOnlyModelAdmin):
    """EXAM-09: the mapping of work numbers to candidates; superusers only in the admin."""

    list_display = ["number", "sitting", "registration"]
    list_select_related = ["sitting", "registration__person"]
    search_fields = ["number"]


@admin.register(ScoreVersion)
class ScoreVersionAdmin(ReadOnlyModelAdmin):
    list_display = ["module", "registration", "number", "total", "valid_at", "created_at"]
    list_select_related = ["module", "registration__person"]
    list_filter = ["valid_at"]


@admin.register(ItemScore)
class ItemScoreAdmin(ReadOnlyModelAdmin):
    list_display = ["version", "member", "item", "points"]
    list_select_related = ["version__module", "member", "item"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyModelAdmin):
    list_display = ["version", "member", "signed_by", "signed_at"]
    list_select_related = ["version__module", "member", "signed_by"]


@admin.register(TallyCheck)
class TallyCheckAdmin(ReadOnlyModelAdmin):
    list_display = ["panel", "checker", "checked_at", "digest"]
    list_select_related = ["panel__sitting", "panel__occupation", "checker"]


@admin.register(SummarySignature)
class SummarySignatureAdmin(ReadOnlyModelAdmin):
    list_display = ["panel", "leader", "signed_at", "digest"]
    list_select_related = ["panel__sitting", "panel__occupation", "leader"]


@admin.register(Absence)
class AbsenceAdmin(ReadOnlyModelAdmin):
    list_display = ["panel", "registration", "basis", "marked_by", "marked_at"]
    list_select_related = ["panel__sitting", "panel__occupation", "registration__person"]
    list_filter = ["basis"]
