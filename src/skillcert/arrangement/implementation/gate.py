"""Whether a sitting may print admission tickets and run its online exam (INST-13, INST-16).

The one judgement: tickets (arrangement.documents) and the exam (exams: creating it, opening
it at the first sign-in) ask `sitting_refusal` / `sitting_check`, so a plan not approved, or
changed after approval, stops both at once."""

from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.plans.models import Sitting

from .content import current_fingerprint
from .models import ImplementationPlan, LevelApproval

HIGH_LEVELS = (1, 2)  # INST-16: 高级技师 (1), 技师 (2)


def latest_plan(sitting: Sitting) -> ImplementationPlan | None:
    return ImplementationPlan.objects.filter(sitting=sitting).order_by("-version").first()


def level_approval_needed(sitting: Sitting) -> bool:
    return sitting.level in HIGH_LEVELS and rules().high_level_approval_required


def level_approved(sitting: Sitting) -> bool:
    return LevelApproval.objects.filter(sitting=sitting, state=LevelApproval.APPROVED).exists()


def plan_changed(plan: ImplementationPlan) -> bool:
    """The sitting's rooms, numbers, candidates or staff differ from the approved plan."""
    return current_fingerprint(plan.sitting) != plan.fingerprint


def sitting_refusal(sitting: Sitting, *, what: str = "打印准考证") -> DomainError | None:
    if level_approval_needed(sitting) and not level_approved(sitting):
        return DomainError(
            "level_not_approved",
            f"{sitting.get_level_display()}认定须经鉴定指导中心批准，尚未批准，不能{what}（INST-16）",
            rule="INST-16",
        )
    plan = latest_plan(sitting)
    if plan is None or plan.state != ImplementationPlan.APPROVED:
        state = "尚未报送" if plan is None else plan.get_state_display()
        return DomainError(
            "plan_not_approved",
            f"实施方案须经人社部门批准后方可{what}（INST-13），本批次实施方案{state}",
            rule="INST-13",
        )
    if plan_changed(plan):
        return DomainError(
            "plan_changed",
            f"实施方案批准后考场、考生或考务人员安排已变更，须重新报送批准后方可{what}（INST-13）",
            rule="INST-13",
        )
    return None


def sitting_check(sitting: Sitting, *, what: str = "打印准考证") -> None:
    refusal = sitting_refusal(sitting, what=what)
    if refusal is not None:
        raise refusal
