"""Reads of the technical evaluation, scoped to the acting user (INST-03).

Authority staff see the applications of their region (`filings.flow.is_authority_for`); an
expert sees the applications whose group names him. Anyone else gets None (a 404 at the edge).
"""

from django.db.models import QuerySet

from skillcert.institutions.authority import in_region
from skillcert.institutions.selectors import authority_of

from ..models import EvaluationGroup, EvaluationItem, EvaluationScore, Evaluator, FilingApplication


def applications_for_authority(*, user) -> QuerySet[FilingApplication]:
    """Applications of institutions in the user's authority region (all for a superuser)."""
    qs = FilingApplication.objects.select_related("institution")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    authority = authority_of(user)
    if authority is None:
        return qs.none()
    return in_region(qs, authority.region_prefix)


def application_for_authority(*, user, application_id) -> FilingApplication | None:
    try:
        return applications_for_authority(user=user).filter(pk=int(application_id)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def evaluator_for(*, user, application_id) -> Evaluator | None:
    """The user's seat in the group of this application, if he is one of its experts."""
    if not user.is_authenticated:
        return None
    try:
        pk = int(application_id)
    except (TypeError, ValueError, OverflowError):
        return None
    return (
        Evaluator.objects.select_related("group__application__institution")
        .filter(user=user, group__application_id=pk)
        .first()
    )


def evaluations_of_expert(*, user) -> QuerySet[Evaluator]:
    return Evaluator.objects.filter(user=user).select_related("group__application__institution")


def items() -> list[EvaluationItem]:
    return list(EvaluationItem.objects.order_by("order"))


def group_of(*, application: FilingApplication) -> EvaluationGroup | None:
    return (
        EvaluationGroup.objects.filter(application=application)
        .prefetch_related("evaluators__user", "evaluators__scores")
        .first()
    )


def scores_of(*, evaluator: Evaluator):
    """The expert's marks so far, item by item (the sheet is shown again with them)."""
    return EvaluationScore.objects.filter(evaluator=evaluator).select_related("item")
