"""A filing application (备案申请) and what it carries (INST-01..07, -12, -15; LEVEL-02..04).

The institution fills the 备案申请表 of 004 (一·九) as a draft, submits it, and the authority
moves it through the steps of INST-02; any step may return it with reasons, and the
applicant fixes and resubmits. Every move is a `FilingStep` row (and an audit entry).
"""

from django.conf import settings
from django.db import models

from skillcert.catalog.models import JobType, Occupation, Standard
from skillcert.institutions.models import Institution, ScopeRow


class FilingApplication(models.Model):
    """One application: the first filing (首次备案) or an incremental one (增量备案, INST-05)."""

    INITIAL, INCREMENTAL = "initial", "incremental"
    KINDS = [(INITIAL, "首次备案"), (INCREMENTAL, "增量备案")]
    # INST-02: application -> preliminary review -> technical evaluation -> confirmation ->
    # receipt letter -> publication. RETURNED goes back to the applicant with reasons.
    DRAFT, SUBMITTED, EVALUATION, CONFIRMATION, RECEIPT, PUBLISHED = (
        "draft",
        "submitted",
        "evaluation",
        "confirmation",
        "receipt",
        "published",
    )
    RETURNED, REJECTED = "returned", "rejected"
    STATES = [
        (DRAFT, "草稿"),
        (SUBMITTED, "待初审"),
        (EVALUATION, "技术评估中"),
        (CONFIRMATION, "待确认"),
        (RECEIPT, "待出具回执"),
        (PUBLISHED, "已公布"),
        (RETURNED, "已退回"),
        (REJECTED, "未通过"),
    ]

    institution = models.ForeignKey(
        Institution,
        verbose_name="评价机构",
        on_delete=models.PROTECT,
        related_name="filing_applications",
    )
    kind = models.CharField("备案类型", max_length=12, choices=KINDS, default=INITIAL)
    state = models.CharField("状态", max_length=12, choices=STATES, default=DRAFT)
    # The sections of the 备案申请表 that are lists of rows (rules, sites and rooms, equipment,
    # staff, experts, examiners, supervisors), one key a section, validated by the services.
    sections = models.JSONField("申请表内容", default=dict, blank=True)
    # INST-15: the legal representative's commitment (承诺书), signed before submission.
    commitment_signed_by = models.CharField("承诺人(法定代表人)", max_length=50, blank=True)
    commitment_signed_on = models.DateField("承诺日期", null=True, blank=True)
    # INST-02: colleges go to the education department first, technical schools (and every
    # other kind) to the HR department; a college says which it is.
    TECHNICAL, VOCATIONAL = "technical", "vocational"
    SCHOOL_TYPES = [(TECHNICAL, "技工院校"), (VOCATIONAL, "职业院校或普通高校")]
    school_type = models.CharField("院校类别", max_length=12, choices=SCHOOL_TYPES, blank=True)
    filing_number = models.CharField("备案编号", max_length=13, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "备案申请"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.institution} {self.get_kind_display()}({self.get_state_display()})"

    @property
    def receiving_department(self) -> str:
        """INST-02: who makes the preliminary review."""
        if self.institution.kind == Institution.COLLEGE and self.school_type == self.VOCATIONAL:
            return "教育部门"
        return "人力资源社会保障部门"

    @property
    def editable(self) -> bool:
        return self.state in (self.DRAFT, self.RETURNED)


class FilingScopeItem(models.Model):
    """A row of the scope asked for: occupation, job type, levels, major, standard (LEVEL-04)."""

    application = models.ForeignKey(
        FilingApplication,
        verbose_name="备案申请",
        on_delete=models.CASCADE,
        related_name="scope_items",
    )
    occupation = models.ForeignKey(Occupation, verbose_name="职业", on_delete=models.PROTECT)
    job_type = models.ForeignKey(
        JobType, verbose_name="工种", null=True, blank=True, on_delete=models.PROTECT
    )
    # LEVEL-02: 职业技能等级 (levels) or 专项职业能力 (no levels); 准入类 is never filed here.
    SKILL_LEVEL, SPECIAL = "level", "special"
    EVALUATIONS = [(SKILL_LEVEL, "职业技能等级认定"), (SPECIAL, "专项职业能力考核")]
    evaluation = models.CharField(
        "评价类别", max_length=8, choices=EVALUATIONS, default=SKILL_LEVEL
    )
    levels = models.CharField("级别", max_length=5, blank=True, help_text="如 543；专项能力为空")
    # LEVEL-03: an employer may subdivide its levels and add 特级技师 / 首席技师 above level 1.
    sub_levels = models.CharField("细分等级", max_length=100, blank=True)
    TOP_TITLES = ["特级技师", "首席技师"]
    top_titles = models.CharField(
        "一级以上等级", max_length=20, blank=True, help_text="特级技师、首席技师，以顿号分隔"
    )
    major = models.CharField("对应专业", max_length=100, blank=True)
    standard = models.ForeignKey(
        Standard, verbose_name="评价标准/规范", null=True, blank=True, on_delete=models.PROTECT
    )
    # INST-07: a social organisation at its cap swaps a filed row out for this one.
    swap_out = models.ForeignKey(
        ScopeRow,
        verbose_name="替换的已备案职业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # At publication the swapped-out row is removed from the scope (institutions' service);
    # its description stays here, as the receipt named it.
    swapped_out = models.CharField("已撤出的职业（工种）", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "申请认定范围"

    def __str__(self) -> str:
        return f"{self.occupation} {self.levels}"


class FilingAttachment(models.Model):
    """An attachment of the application, its content checked at upload (PDF or image)."""

    LETTER, WORK_PLAN, SPECIFICATION, EVIDENCE, COMMITMENT = (
        "letter",
        "work_plan",
        "specification",
        "evidence",
        "commitment",
    )
    KINDS = [
        (LETTER, "申请函"),
        (WORK_PLAN, "工作方案"),
        (SPECIFICATION, "评价规范(≥5名专家签字)"),
        (EVIDENCE, "佐证材料"),
        (COMMITMENT, "承诺书"),
    ]
    application = models.ForeignKey(
        FilingApplication,
        verbose_name="备案申请",
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    kind = models.CharField("材料类型", max_length=16, choices=KINDS)
    name = models.CharField("文件名", max_length=200)
    file = models.FileField("文件", upload_to="filings/%Y/")
    content_type = models.CharField("内容类型", max_length=50)
    size = models.PositiveIntegerField("大小(字节)")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "申请材料"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class FilingStep(models.Model):
    """One move of the application (INST-02): who decided what at which step, and why."""

    SUBMIT, PASS, RETURN, REJECT = "submit", "pass", "return", "reject"
    DECISIONS = [(SUBMIT, "提交"), (PASS, "通过"), (RETURN, "退回"), (REJECT, "不通过")]
    application = models.ForeignKey(
        FilingApplication, verbose_name="备案申请", on_delete=models.CASCADE, related_name="steps"
    )
    state = models.CharField("所在环节", max_length=12, choices=FilingApplication.STATES)
    decision = models.CharField("处理结果", max_length=8, choices=DECISIONS)
    reasons = models.TextField("意见/退回理由", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="处理人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("处理时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "备案办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_state_display()} {self.get_decision_display()}"


# --- technical evaluation (INST-03) ------------------------------------------------------------


class EvaluationItem(models.Model):
    """A row of the 技术评估评分表 (004 第四部分 一), loaded from filings/data/evaluation_items.json
    by a migration: scored items give 0..points, veto items (否决项) are 符合/不符合, bonus items
    (优先项目) add their points (an expert's total is capped at the full mark)."""

    SCORED, VETO, BONUS = "scored", "veto", "bonus"
    KINDS = [(SCORED, "评分项"), (VETO, "否决项"), (BONUS, "优先项目")]
    order = models.PositiveSmallIntegerField("序号", unique=True)
    section = models.CharField("项目", max_length=30)
    part = models.CharField("项目分解", max_length=30)
    content = models.CharField("评估内容", max_length=200)
    standard = models.TextField("评估标准")
    method = models.CharField("评估方式", max_length=50, blank=True)
    points = models.DecimalField("分值", max_digits=4, decimal_places=1, default=0)
    kind = models.CharField("类型", max_length=8, choices=KINDS, default=SCORED)

    class Meta:
        verbose_name = verbose_name_plural = "技术评估评分项"
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.part} {self.content}"


class EvaluationGroup(models.Model):
    """The evaluation group (评估专家组) the authority names for one application (INST-03)."""

    application = models.OneToOneField(
        FilingApplication,
        verbose_name="备案申请",
        on_delete=models.CASCADE,
        related_name="evaluation_group",
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="组建人", on_delete=models.PROTECT, related_name="+"
    )
    named_at = models.DateTimeField("组建时间", auto_now_add=True)
    concluded_at = models.DateTimeField("评估结论时间", null=True, blank=True)
    passed = models.BooleanField("是否通过", null=True, blank=True)
    total = models.DecimalField(
        "专家组得分(平均)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    failed_vetoes = models.TextField("未通过的否决项", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "技术评估专家组"

    def __str__(self) -> str:
        return f"{self.application} 专家组"


class Evaluator(models.Model):
    """An expert of the group: a user account named by the authority (INST-03)."""

    group = models.ForeignKey(
        EvaluationGroup, verbose_name="专家组", on_delete=models.CASCADE, related_name="evaluators"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="专家",
        on_delete=models.PROTECT,
        related_name="filing_evaluations",
    )
    is_leader = models.BooleanField("组长", default=False)
    submitted_at = models.DateTimeField("评分提交时间", null=True, blank=True)
    total = models.DecimalField("该专家总分", max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评估专家"
        ordering = ["-is_leader", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="uniq_evaluator"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.user}"


class EvaluationScore(models.Model):
    """One expert's mark on one item: points (scored, bonus) or 符合/不符合 (veto)."""

    evaluator = models.ForeignKey(
        Evaluator, verbose_name="专家", on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(EvaluationItem, verbose_name="评分项", on_delete=models.PROTECT)
    points = models.DecimalField("得分", max_digits=4, decimal_places=1, null=True, blank=True)
    conforms = models.BooleanField("是否符合(否决项)", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "专家评分"
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "item"], name="uniq_evaluation_score"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} {self.item.order}"


# --- filing numbers (INST-04) ------------------------------------------------------------------


class FilingNumberCounter(models.Model):
    """The last site sequence (站点序列码) given out in one city: locked FOR UPDATE while a
    number is assigned, it only moves up, so a number is never given twice (INST-04)."""

    province = models.CharField("省级代码", max_length=2)
    city = models.CharField("市级代码", max_length=2)
    last_sequence = models.PositiveIntegerField("已用到的序列码", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "备案号序列"
        constraints = [
            models.UniqueConstraint(fields=["province", "city"], name="uniq_filing_counter"),
        ]

    def __str__(self) -> str:
        return f"{self.province}{self.city}: {self.last_sequence}"


from .change_models import ChangeApplication, ChangeDocument  # noqa: E402, F401 (INST-08)
