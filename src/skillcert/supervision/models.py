"""Models of the supervision app: random checks 双随机、一公开 and credit (INST-09), annual
inspection (INST-10) and the authority's external supervisors of a sitting."""

from django.conf import settings
from django.db import models

from skillcert.institutions.models import Authority, Institution
from skillcert.plans.models import Sitting


class Inspector(models.Model):
    """A person of the authority on its list of inspectors (执法检查人员名录): the pool the
    random check draws from, and the external supervisors it sends to sittings."""

    authority = models.ForeignKey(
        Authority, verbose_name="人社部门", on_delete=models.CASCADE, related_name="inspectors"
    )
    name = models.CharField("姓名", max_length=50)
    unit = models.CharField("工作单位", max_length=100, blank=True)
    active = models.BooleanField("在册", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查人员"
        ordering = ["authority", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class InspectionDraw(models.Model):
    """INST-09: one random draw of institutions and inspectors. The seed and both pools are
    recorded, so the same seed and pool draw the same (`services.draw_pick`)."""

    authority = models.ForeignKey(
        Authority, verbose_name="人社部门", on_delete=models.PROTECT, related_name="draws"
    )
    title = models.CharField("检查名称", max_length=100)
    seed = models.CharField("随机种子", max_length=64)
    institution_pool = models.JSONField("机构库（编号）", default=list)
    inspector_pool = models.JSONField("检查人员库（编号）", default=list)
    institution_count = models.PositiveSmallIntegerField("抽取机构数")
    inspector_count = models.PositiveSmallIntegerField("每机构检查人员数")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="抽取人", null=True, on_delete=models.SET_NULL
    )
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "双随机抽查"
        ordering = ["-drawn_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class InspectionTarget(models.Model):
    """An institution a draw picked, its inspectors and the finding recorded for it."""

    PENDING, PASSED, RECTIFY, SERIOUS = "pending", "passed", "rectify", "serious"
    OUTCOMES = [
        (PENDING, "待检查"),
        (PASSED, "未发现问题"),
        (RECTIFY, "责令整改"),
        (SERIOUS, "严重问题"),
    ]

    draw = models.ForeignKey(
        InspectionDraw, verbose_name="抽查", on_delete=models.CASCADE, related_name="targets"
    )
    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="inspections"
    )
    inspectors = models.ManyToManyField(Inspector, verbose_name="检查人员", blank=True)
    outcome = models.CharField("检查结果", max_length=10, choices=OUTCOMES, default=PENDING)
    findings = models.TextField("检查发现", blank=True)
    recorded_at = models.DateTimeField("记录时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽查对象"
        ordering = ["draw", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "institution"], name="uniq_draw_target")
        ]

    def __str__(self) -> str:
        return f"{self.draw} · {self.institution}"


class CreditEvent(models.Model):
    """INST-09 credit evaluation: an event that costs the institution points (rules settings)."""

    FINDING, COMMITMENT, LATE_REPORT, OTHER = "finding", "commitment", "late_report", "other"
    KINDS = [
        (FINDING, "检查发现问题"),
        (COMMITMENT, "违背承诺（INST-15）"),
        (LATE_REPORT, "逾期报送"),
        (OTHER, "其他失信行为"),
    ]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="credit_events"
    )
    kind = models.CharField("类型", max_length=12, choices=KINDS)
    points = models.PositiveSmallIntegerField("扣分")
    note = models.CharField("说明", max_length=200)
    target = models.ForeignKey(
        InspectionTarget,
        verbose_name="来源抽查",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_events",
    )
    occurred_on = models.DateField("发生日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "信用记录"
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.institution} {self.get_kind_display()} -{self.points}"


class SittingSupervisor(models.Model):
    """An external supervisor the authority sends to a sitting (a row per sitting and person)."""

    sitting = models.ForeignKey(
        Sitting,
        verbose_name="认定批次",
        on_delete=models.CASCADE,
        related_name="external_supervisors",
    )
    inspector = models.ForeignKey(Inspector, verbose_name="督导人员", on_delete=models.PROTECT)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="派出人", null=True, on_delete=models.SET_NULL
    )
    sent_at = models.DateTimeField("派出时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "外派督导"
        constraints = [
            models.UniqueConstraint(fields=["sitting", "inspector"], name="uniq_sitting_inspector")
        ]

    def __str__(self) -> str:
        return f"{self.sitting} · {self.inspector}"


class AnnualItem(models.Model):
    """INST-10: a published item of the annual inspection with its points."""

    year = models.PositiveSmallIntegerField("年度")
    code = models.CharField("序号", max_length=10)
    title = models.CharField("检查项目", max_length=200)
    max_points = models.PositiveSmallIntegerField("分值")

    class Meta:
        verbose_name = verbose_name_plural = "年检项目"
        ordering = ["year", "code"]
        constraints = [models.UniqueConstraint(fields=["year", "code"], name="uniq_annual_item")]

    def __str__(self) -> str:
        return f"{self.year} {self.code} {self.title}"


class AnnualInspection(models.Model):
    """INST-10: an institution's annual inspection of a year, its score per item and total."""

    institution = models.ForeignKey(
        Institution,
        verbose_name="机构",
        on_delete=models.PROTECT,
        related_name="annual_inspections",
    )
    year = models.PositiveSmallIntegerField("年度")
    scores = models.JSONField("各项得分", default=dict)  # item code -> points
    total = models.PositiveSmallIntegerField("总分", default=0)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评分人", null=True, on_delete=models.SET_NULL
    )
    scored_at = models.DateTimeField("评分时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "年检结果"
        ordering = ["-year", "institution"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="uniq_annual_inspection")
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}年检"
