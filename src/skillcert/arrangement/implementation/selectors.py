"""Reads of implementation plans (INST-13), re-checks (PLAN-11) and level approvals
(INST-16): the institution's, scoped by its resolved institution; the authority's, scoped by
its region prefix (institutions.authority.authority_scope). None when nothing is visible."""

from skillcert.institutions.authority import in_region
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration, Sitting

from .gate import latest_plan
from .models import CandidateRecheck, ImplementationPlan, LevelApproval

__all__ = ["latest_plan"]


def plans_of_sitting(*, sitting: Sitting):
    return ImplementationPlan.objects.filter(sitting=sitting).order_by("-version")


def level_approvals_of(*, sitting: Sitting):
    return LevelApproval.objects.filter(sitting=sitting).order_by("-created_at", "-id")


def rechecks_of(*, plan: ImplementationPlan) -> dict[int, CandidateRecheck]:
    return {r.registration_id: r for r in plan.rechecks.all()}


def level_approval_of_institution(*, institution: Institution, approval_id) -> LevelApproval | None:
    return LevelApproval.objects.filter(institution=institution, pk=approval_id).first()


# --- the authority's side --------------------------------------------------------------


def plans_for_authority(*, prefix: str, pending_only: bool = False):
    qs = in_region(ImplementationPlan.objects.all(), prefix).select_related(
        "sitting__institution", "sitting__occupation"
    )
    if pending_only:
        qs = qs.filter(state=ImplementationPlan.SUBMITTED)
    return qs.order_by("-created_at", "-id")


def plan_for_authority(*, prefix: str, plan_id) -> ImplementationPlan | None:
    try:
        return plans_for_authority(prefix=prefix).filter(pk=int(plan_id)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def level_approvals_for_authority(*, prefix: str, pending_only: bool = False):
    qs = in_region(LevelApproval.objects.all(), prefix).select_related(
        "sitting__institution", "sitting__occupation"
    )
    if pending_only:
        qs = qs.filter(state=LevelApproval.PENDING)
    return qs.order_by("-created_at", "-id")


def level_approval_for_authority(*, prefix: str, approval_id) -> LevelApproval | None:
    try:
        return level_approvals_for_authority(prefix=prefix).filter(pk=int(approval_id)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def listed_registration(*, plan: ImplementationPlan, registration_id) -> Registration | None:
    """A registration on the plan's candidate list (PLAN-11), or None."""
    listed = {c["registration_id"] for c in plan.content.get("candidates", [])}
    try:
        rid = int(registration_id)
    except (TypeError, ValueError, OverflowError):
        return None
    if rid not in listed:
        return None
    return Registration.objects.filter(pk=rid, sitting_id=plan.sitting_id).first()


def listed_registrations(*, plan: ImplementationPlan) -> list[Registration]:
    ids = [c["registration_id"] for c in plan.content.get("candidates", [])]
    return list(
        Registration.objects.filter(pk__in=ids, sitting_id=plan.sitting_id).select_related("person")
    )
