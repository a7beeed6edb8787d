"""Models of the implementation plan (INST-13), the authority's re-check of its candidate
list (PLAN-11) and the approval of levels 2 and 1 (INST-16). Imported by arrangement.models."""

from django.conf import settings
from django.db import models

from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration, Sitting


class ImplementationPlan(models.Model):
    """One version of a sitting's 实施方案 as sent to the authority (INST-13).

    `content` is the plan generated from the sitting, its seating and its staffing at the
    moment it was sent (times, rooms, occupation, level and numbers, candidate list, staff);
    `fingerprint` is the hash of the parts whose change needs a new approval. Sending again
    makes a new version; the newest version is the sitting's plan."""

    SUBMITTED, APPROVED, RETURNED = "submitted", "approved", "returned"
    STATES = [(SUBMITTED, "待审批"), (APPROVED, "已批准"), (RETURNED, "已退回")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting,
        verbose_name="批次",
        on_delete=models.CASCADE,
        related_name="implementation_plans",
    )
    version = models.PositiveSmallIntegerField("版本", default=1)
    state = models.CharField("状态", max_length=10, choices=STATES, default=SUBMITTED)
    content = models.JSONField("方案内容", default=dict)
    fingerprint = models.CharField("方案指纹", max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_on = models.DateField("报送日期")
    due_on = models.DateField("报送截止日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    reasons = models.TextField("审批意见", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "实施方案"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "version"], name="uniq_impl_plan_version")
        ]

    def __str__(self) -> str:
        return f"{self.sitting} 实施方案 第{self.version}版（{self.get_state_display()}）"


class CandidateRecheck(models.Model):
    """The authority's finding on one candidate of a plan's candidate list (复审, PLAN-11)."""

    ELIGIBLE, INELIGIBLE = "eligible", "ineligible"
    FINDINGS = [(ELIGIBLE, "符合条件"), (INELIGIBLE, "不符合条件")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey(
        ImplementationPlan,
        verbose_name="实施方案",
        on_delete=models.CASCADE,
        related_name="rechecks",
    )
    registration = models.ForeignKey(
        Registration, verbose_name="报名", on_delete=models.CASCADE, related_name="+"
    )
    finding = models.CharField("复审结论", max_length=12, choices=FINDINGS)
    system_findings = models.JSONField("系统复核结果", default=list)
    note = models.CharField("复审意见", max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="复审人", null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField("复审时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "报名复审"
        ordering = ["plan", "registration_id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "registration"], name="uniq_candidate_recheck")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.get_finding_display()}"


class LevelApproval(models.Model):
    """A sitting of level 2 or 1 (技师, 高级技师) asks the guidance centre (INST-16)."""

    PENDING, APPROVED, REFUSED = "pending", "approved", "refused"
    STATES = [(PENDING, "待审批"), (APPROVED, "已批准"), (REFUSED, "不予批准")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.CASCADE, related_name="level_approvals"
    )
    state = models.CharField("状态", max_length=10, choices=STATES, default=PENDING)
    reason = models.TextField("申请说明")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_reason = models.TextField("审批意见", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "技师高级技师认定审批"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sitting} {self.get_state_display()}"
