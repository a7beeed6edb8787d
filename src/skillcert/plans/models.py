from django.conf import settings
from django.db import models

from skillcert.catalog.models import LEVELS, JobType, Occupation
from skillcert.core.models import BackgroundJob
from skillcert.institutions.models import Institution
from skillcert.people.models import Person

# PLAN-04 evaluation modes.
EXAM, DIRECT, PROCESS, COMPETITION = "exam", "direct", "process", "competition"
MODES = [
    (EXAM, "考试认定"),
    (DIRECT, "直接认定"),
    (PROCESS, "过程化考核（课证融通）"),
    (COMPETITION, "以赛代评"),
]

# School levels of a roster row (PLAN-04); empty for staff (PLAN-05).
SECONDARY, TECH_INTERMEDIATE, TECH_SENIOR, TECH_PREP = (
    "secondary",
    "tech_mid",
    "tech_senior",
    "tech_prep",
)
HIGHER_VOCATIONAL, BACHELOR = "higher_vocational", "bachelor"
SCHOOL_LEVELS = [
    (SECONDARY, "中职"),
    (TECH_INTERMEDIATE, "技工院校中级班"),
    (TECH_SENIOR, "技工院校高级班"),
    (TECH_PREP, "技工院校预备技师班"),
    (HIGHER_VOCATIONAL, "高职"),
    (BACHELOR, "本科"),
]
ONEX_LEVELS = [("junior", "初级"), ("intermediate", "中级"), ("senior", "高级")]  # 1+X
TITLES = [("initial", "初级职称"), ("intermediate", "中级职称"), ("senior", "高级职称")]


class Sitting(models.Model):
    """One sitting (认定批次) for an occupation, job type and level, inside the scope (PLAN-07)."""

    OPEN, CLOSED = "open", "closed"
    STATUSES = [(OPEN, "进行中"), (CLOSED, "已结束")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="sittings"
    )
    name = models.CharField("批次名称", max_length=100)
    occupation = models.ForeignKey(Occupation, verbose_name="职业", on_delete=models.PROTECT)
    job_type = models.ForeignKey(
        JobType, verbose_name="工种/职业方向", null=True, blank=True, on_delete=models.PROTECT
    )
    level = models.PositiveSmallIntegerField("级别", choices=LEVELS)
    mode = models.CharField("评价方式", max_length=12, choices=MODES, default=EXAM)
    theory_on = models.DateField("理论考试日期", null=True, blank=True)
    practical_on = models.DateField("技能考核日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=OPEN)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # PLAN-01: the annual plan the sitting belongs to (plan.services.plan_sitting_link).
    plan = models.ForeignKey(
        "AnnualPlan",
        verbose_name="年度认定计划",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sittings",
    )
    # ARR-10: place and dates change only through an approved SittingChange.
    place = models.CharField("考点（地点）", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "认定批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def subject_label(self) -> str:
        job = f"（{self.job_type.name}）" if self.job_type_id else ""
        return f"{self.occupation.name}{job} {self.get_level_display()}"


class RosterImport(BackgroundJob):
    """One uploaded roster file and its report; large files run as a background task."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="roster_imports"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.CASCADE, related_name="roster_imports"
    )
    file = models.FileField("文件", upload_to="rosters/")
    filename = models.CharField("文件名", max_length=200)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理", default=0)
    ok_rows = models.PositiveIntegerField("成功", default=0)
    error_rows = models.PositiveIntegerField("错误行", default=0)
    errors = models.JSONField("错误明细", default=list)

    class Meta(BackgroundJob.Meta):
        verbose_name = verbose_name_plural = "名册导入"

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def progress(self) -> tuple[int, int]:
        return self.processed_rows, self.total_rows

    @classmethod
    def failure_fields(cls, message: str) -> dict:
        return {
            "ok_rows": 0,
            "error_rows": 0,
            "errors": [{"row": None, "column": "", "value": "", "reason": message, "rule": ""}],
        }


class Registration(models.Model):
    """A candidate's registration for a sitting, with its review decision (PLAN-08)."""

    APPROVED, REJECTED, CANCELLED = "approved", "rejected", "cancelled"
    PENDING = "pending"  # a candidate's own application waits for review (PLAN-08)
    STATUSES = [
        (APPROVED, "审核通过"),
        (REJECTED, "审核未通过"),
        (CANCELLED, "已取消"),
        (PENDING, "待审核"),
    ]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="registrations"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.ForeignKey(
        Person, verbose_name="考生", on_delete=models.PROTECT, related_name="registrations"
    )
    phone = models.CharField("手机号", max_length=20, blank=True)
    school_level = models.CharField("学历层次", max_length=20, choices=SCHOOL_LEVELS, blank=True)
    graduating_year = models.PositiveSmallIntegerField("毕业年份", null=True, blank=True)
    onex_level = models.CharField("1+X证书等级", max_length=12, choices=ONEX_LEVELS, blank=True)
    staff_title = models.CharField("职称", max_length=12, choices=TITLES, blank=True)
    title_years = models.PositiveSmallIntegerField("职称年限", null=True, blank=True)
    # The candidate's class: seating keeps classmates apart, recusal (ARR-08) matches it
    # against the classes a member of staff teaches.
    class_name = models.CharField("班级", max_length=60, blank=True)
    status = models.CharField("审核状态", max_length=10, choices=STATUSES, default=APPROVED)
    decision_reason = models.CharField("审核意见", max_length=200, blank=True)
    # Filled by a candidate's own application (PLAN-06); empty for roster imports.
    absence_share = models.DecimalField(
        "培训缺勤比例", max_digits=4, decimal_places=3, null=True, blank=True
    )
    previous_certificate = models.FileField(
        "原等级证书", upload_to="registration_docs/", blank=True, default=""
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    roster_import = models.ForeignKey(
        RosterImport,
        verbose_name="导入批次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    created_at = models.DateTimeField("报名时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "报名"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "person"], name="uniq_registration")
        ]

    def __str__(self) -> str:
        return f"{self.person.name} → {self.sitting}"


# --- Plans, announcements, changes (PLAN-01, PLAN-02, ARR-10) ------------------------------

NATIONAL_BANK, OWN_BANK = "national", "own"
ITEM_SOURCES = [(NATIONAL_BANK, "国家题库"), (OWN_BANK, "本机构题库")]  # EXAM-01


class AnnualPlan(models.Model):
    """An institution's annual assessment plan (年度认定计划), made at year end for the next
    year (PLAN-01)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="annual_plans"
    )
    year = models.PositiveSmallIntegerField("计划年度")
    schedule = models.TextField("时间安排", blank=True)
    examiner_training = models.TextField("考评人员培训", blank=True)
    staffing = models.TextField("人员配备", blank=True)
    item_source = models.CharField(
        "题库来源", max_length=10, choices=ITEM_SOURCES, default=NATIONAL_BANK
    )
    made_on = models.DateField("制定日期")
    made_late = models.BooleanField("逾期补报", default=False)  # PLAN-01: not made in year-1
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度认定计划"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="uniq_annual_plan")
        ]

    def __str__(self) -> str:
        return f"{self.year}年度认定计划"


class PlanItem(models.Model):
    """One occupation (job type) and level of an annual plan with its expected number."""

    plan = models.ForeignKey(
        AnnualPlan, verbose_name="年度认定计划", on_delete=models.CASCADE, related_name="items"
    )
    occupation = models.ForeignKey(Occupation, verbose_name="职业", on_delete=models.PROTECT)
    job_type = models.ForeignKey(
        JobType, verbose_name="工种/职业方向", null=True, blank=True, on_delete=models.PROTECT
    )
    level = models.PositiveSmallIntegerField("级别", choices=LEVELS)
    expected_count = models.PositiveIntegerField("预计人数")

    class Meta:
        verbose_name = verbose_name_plural = "计划职业与级别"
        ordering = ["id"]

    def __str__(self) -> str:
        job = f"（{self.job_type.name}）" if self.job_type_id else ""
        return f"{self.occupation.name}{job} {self.get_level_display()}"


class Announcement(models.Model):
    """The public announcement (认定公告) of a sitting (PLAN-02)."""

    DRAFT, PUBLISHED = "draft", "published"
    STATUSES = [(DRAFT, "草稿"), (PUBLISHED, "已发布")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="announcements"
    )
    sitting = models.OneToOneField(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="announcement"
    )
    title = models.CharField("公告标题", max_length=150)
    content = models.TextField("认定内容")
    method = models.TextField("认定方式")
    registration_place = models.CharField("报名地点", max_length=200)
    registration_period = models.CharField("报名时间", max_length=200)
    registration_how = models.TextField("报名方式")
    conditions = models.TextField("申报条件")
    fees = models.TextField("收费标准")
    subjects = models.TextField("考试科目")
    times_places = models.TextField("考试时间与地点")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # PLAN-02 late path: the director's approval this announcement was published under.
    late_approval = models.ForeignKey(
        "LateAnnouncement",
        verbose_name="逾期发布批准",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "认定公告"
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title


class LateAnnouncement(models.Model):
    """A request to publish an announcement after its PLAN-02 lead time, with a reason,
    decided by the institution's director (机构负责人)."""

    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    STATUSES = [(PENDING, "待审批"), (APPROVED, "已批准"), (REJECTED, "已驳回")]

    institution = models.ForeignKey(
        Institution,
        verbose_name="机构",
        on_delete=models.PROTECT,
        related_name="late_announcements",
    )
    announcement = models.ForeignKey(
        Announcement, verbose_name="公告", on_delete=models.PROTECT, related_name="late_requests"
    )
    reason = models.TextField("逾期发布理由")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=PENDING)
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
    decision_reason = models.TextField("审批意见", blank=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "公告逾期发布申请"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.announcement} 逾期发布申请（{self.get_status_display()}）"


class SittingChange(models.Model):
    """A request to change a sitting's place or dates, decided by the director (ARR-10)."""

    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    STATUSES = [(PENDING, "待审批"), (APPROVED, "已批准"), (REJECTED, "已驳回")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="sitting_changes"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="changes"
    )
    theory_on = models.DateField("拟定理论考试日期", null=True, blank=True)
    practical_on = models.DateField("拟定技能考核日期", null=True, blank=True)
    place = models.CharField("拟定考点", max_length=200, blank=True)
    reason = models.TextField("变更理由")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=PENDING)
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
    decision_reason = models.TextField("审批意见", blank=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "考试时间地点变更"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sitting} 变更申请（{self.get_status_display()}）"


class Ban(models.Model):
    """A bar from assessment: PLAN-09 (revoked certificate, 2 years) or VIOL-04 (false
    material and other serious violations, until graduation). `institution` null bars
    everywhere; `until` null means until `graduation_on`."""

    RULES = [("PLAN-09", "PLAN-09 证书被吊销/撤销"), ("VIOL-04", "VIOL-04 严重违纪违规")]

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="bans"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name="机构（空为全部机构）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bans",
    )
    reason = models.CharField("原因", max_length=200)
    rule = models.CharField("依据", max_length=10, choices=RULES)
    until = models.DateField("禁止报名截止日期", null=True, blank=True)
    graduation_on = models.DateField("毕业日期", null=True, blank=True)
    registration = models.ForeignKey(
        Registration,
        verbose_name="涉及报名",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bans",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "禁考记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.rule} 至{self.ends_on}"

    @property
    def ends_on(self):
        """The last day of the ban: `until`, or the graduation date."""
        return self.until or self.graduation_on
