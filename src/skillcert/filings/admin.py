from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import (
    EvaluationGroup,
    EvaluationItem,
    EvaluationScore,
    Evaluator,
    FilingApplication,
    FilingAttachment,
    FilingNumberCounter,
    FilingScopeItem,
    FilingStep,
)

# Filing decisions are the authority's, made through the services (audited): the admin shows.
# The evaluation sheet's items are data of the manual (a migration loads them).
for model in (
    FilingApplication,
    FilingAttachment,
    FilingScopeItem,
    FilingStep,
    EvaluationItem,
    EvaluationGroup,
    Evaluator,
    EvaluationScore,
    FilingNumberCounter,
):
    admin.site.register(model, ReadOnlyModelAdmin)
from .changes import admin as _changes  # noqa: E402, F401 (INST-08)
