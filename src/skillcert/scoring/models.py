from django.conf import settings
from django.db import models

from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration, Sitting

THEORY, PRACTICAL = "theory", "practical"
SUBJECTS = [(THEORY, "理论知识"), (PRACTICAL, "操作技能")]


class Result(models.Model):
    """Theory and practical scores of one registration and the pass decision (SCORE-01)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="results"
    )
    registration = models.OneToOneField(
        Registration, verbose_name="报名", on_delete=models.PROTECT, related_name="result"
    )
    theory_score = models.DecimalField(
        "理论成绩", max_digits=5, decimal_places=1, null=True, blank=True
    )
    theory_absent = models.BooleanField("理论缺考", default=False)
    practical_score = models.DecimalField(
        "技能成绩", max_digits=5, decimal_places=1, null=True, blank=True
    )
    practical_absent = models.BooleanField("技能缺考", default=False)
    passed = models.BooleanField("是否合格", null=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # SCORE-02: a subject passed at an earlier sitting (within a year) carried into this one.
    carried_subject = models.CharField("沿用科目", max_length=10, choices=SUBJECTS, blank=True)
    carried_from = models.ForeignKey(
        "self",
        verbose_name="沿用自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_into",
    )
    carried_on = models.DateField("沿用成绩的考试日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "成绩"

    def __str__(self) -> str:
        return f"{self.registration}: {self.theory_score}/{self.practical_score}"

    @property
    def carried_label(self) -> str:
        return f"沿用{self.carried_on:%Y-%m-%d}成绩" if self.carried_subject else ""


class ResultNotice(models.Model):
    """SCORE-04: the sitting's results were sent to its candidates (they see them from then on)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="result_notices"
    )
    sitting = models.OneToOneField(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="result_notice"
    )
    due_on = models.DateField("应通知日期")
    notified_at = models.DateTimeField("通知时间")
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="通知人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late = models.BooleanField("逾期通知", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "成绩通知"

    def __str__(self) -> str:
        return f"{self.sitting} {self.notified_at:%Y-%m-%d}"


class ResultPublication(models.Model):
    """SCORE-06: the sitting's results published (公示) for a period."""

    institution = models.ForeignKey(
        Institution,
        verbose_name="机构",
        on_delete=models.PROTECT,
        related_name="result_publications",
    )
    sitting = models.OneToOneField(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="result_publication"
    )
    published_at = models.DateTimeField("公示时间")
    period_ends_on = models.DateField("公示截止日期")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="公示人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    candidates = models.PositiveIntegerField("考生人数", default=0)
    passed = models.PositiveIntegerField("合格人数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "成绩公示"

    def __str__(self) -> str:
        return f"{self.sitting} 公示至{self.period_ends_on:%Y-%m-%d}"


class ResultSubmission(models.Model):
    """INST-14: the sitting's results and pass list sent to the authority (核查备案).

    Where the authority asks for a review before release (rules().results_review_required)
    it is approved or returned; otherwise it is recorded on sending. Sending again after a
    return makes a new version."""

    SUBMITTED, APPROVED, RETURNED, RECORDED = "submitted", "approved", "returned", "recorded"
    STATES = [
        (SUBMITTED, "待核查"),
        (APPROVED, "核查通过"),
        (RETURNED, "已退回"),
        (RECORDED, "已备案"),
    ]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="result_submissions"
    )
    version = models.PositiveSmallIntegerField("版本", default=1)
    state = models.CharField("状态", max_length=10, choices=STATES, default=SUBMITTED)
    review_required = models.BooleanField("须核查后发布", default=False)
    candidates = models.PositiveIntegerField("考生人数", default=0)
    passed = models.PositiveIntegerField("合格人数", default=0)
    pass_list = models.JSONField("成绩与合格名单", default=list)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("报送时间")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核查人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("核查时间", null=True, blank=True)
    reasons = models.TextField("核查意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "成绩报送"
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "version"], name="uniq_result_submission_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sitting} 成绩报送 第{self.version}版（{self.get_state_display()}）"


class Appeal(models.Model):
    """SCORE-05: a candidate's request to re-check one subject's score (成绩复核申请)."""

    PENDING, ANSWERED = "pending", "answered"
    STATUSES = [(PENDING, "待答复"), (ANSWERED, "已答复")]
    UPHELD, CHANGED = "upheld", "changed"
    OUTCOMES = [(UPHELD, "维持原成绩"), (CHANGED, "更正成绩")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="appeals"
    )
    registration = models.ForeignKey(
        Registration, verbose_name="报名", on_delete=models.PROTECT, related_name="appeals"
    )
    result = models.ForeignKey(
        Result, verbose_name="成绩", on_delete=models.PROTECT, related_name="appeals"
    )
    subject = models.CharField("复核科目", max_length=10, choices=SUBJECTS)
    reason = models.TextField("申请理由", max_length=500)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请账号",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField("受理时间")
    due_on = models.DateField("答复期限")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=PENDING)
    score_before = models.DecimalField(
        "原成绩", max_digits=5, decimal_places=1, null=True, blank=True
    )
    outcome = models.CharField("复核结论", max_length=10, choices=OUTCOMES, blank=True)
    score_after = models.DecimalField(
        "复核后成绩", max_digits=5, decimal_places=1, null=True, blank=True
    )
    answer = models.TextField("答复意见", max_length=500, blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "成绩复核申请"
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "subject"],
                condition=models.Q(status="pending"),
                name="uniq_pending_appeal",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} {self.get_subject_display()}复核"
