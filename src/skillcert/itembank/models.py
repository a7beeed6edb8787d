"""Item bank, blueprints, assembled papers and paper custody (EXAM-01..04).

An item's content (stem, options, answer) lives in `Item` and, for every version including
the current one, in `ItemVersion` (EXAM-03 counts the versions written in a year). A paper's
questions are stored only sealed (`Paper.sealed`, AES-GCM via core.crypto): no item text and
no item id sits in clear in the paper tables (EXAM-04).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from skillcert.catalog.models import LEVELS, JobType, Occupation
from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting

from .kinds import FILL, JUDGE, KIND_LABELS, KIND_ORDER, KINDS, MULTIPLE, SINGLE  # noqa: F401

DIFFICULTIES = [(1, "1 容易"), (2, "2 较易"), (3, "3 中等"), (4, "4 较难"), (5, "5 难")]
NATIONAL, OWN = "national", "own"
SOURCES = [(NATIONAL, "国家题库"), (OWN, "机构自建")]
SOURCE_LABELS = dict(SOURCES)


class Item(models.Model):
    """One question of an institution's bank (EXAM-01: its source is always recorded)."""

    DRAFT, REVIEWED, RETIRED = "draft", "reviewed", "retired"
    STATUSES = [(DRAFT, "草稿"), (REVIEWED, "已审核"), (RETIRED, "已停用")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="items"
    )
    occupation = models.ForeignKey(Occupation, verbose_name="职业", on_delete=models.PROTECT)
    job_type = models.ForeignKey(
        JobType, verbose_name="工种/职业方向", null=True, blank=True, on_delete=models.PROTECT
    )
    level = models.PositiveSmallIntegerField("级别", choices=LEVELS)
    kind = models.CharField("题型", max_length=10, choices=KINDS)
    stem = models.TextField("题干")
    options = models.JSONField("选项", default=list, blank=True)
    answer = models.JSONField("答案")
    knowledge_point = models.CharField(
        "知识点", max_length=100, help_text="标准中的知识点编码或名称"
    )
    difficulty = models.PositiveSmallIntegerField("难度", choices=DIFFICULTIES, default=3)
    source = models.CharField("来源", max_length=10, choices=SOURCES)
    author = models.CharField(
        "命题人", max_length=60, blank=True, help_text="自建题必填（EXAM-01）"
    )
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "试题"
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["institution", "occupation", "level", "status", "kind"],
                name="item_bank_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pk} {KIND_LABELS.get(self.kind, self.kind)} {self.stem[:30]}"


class ItemVersion(models.Model):
    """Every version of an item's content, the current one included (who, when, what)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(
        Item, verbose_name="试题", on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField("版本")
    content = models.JSONField("内容")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修订人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("修订时间", db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "试题版本"
        ordering = ["item_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="uniq_item_version")
        ]

    def __str__(self) -> str:
        return f"试题{self.item_id} v{self.version}"


class Blueprint(models.Model):
    """A paper's plan: per item type a count and points, a difficulty mix, knowledge points.

    `sections`: {"single": {"count": 40, "points": "1"}, ...}; `difficulty_mix`:
    {"1": 0.1, "2": 0.2, "3": 0.4, ...} shares of the items per difficulty, each within
    `difficulty_tolerance`; `knowledge_points`: {"K01": 1, ...} minimum items per form.
    """

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="blueprints"
    )
    name = models.CharField("名称", max_length=100)
    occupation = models.ForeignKey(Occupation, verbose_name="职业", on_delete=models.PROTECT)
    job_type = models.ForeignKey(
        JobType, verbose_name="工种/职业方向", null=True, blank=True, on_delete=models.PROTECT
    )
    level = models.PositiveSmallIntegerField("级别", choices=LEVELS)
    sections = models.JSONField("题型题量与分值", default=dict)
    difficulty_mix = models.JSONField("难度分布", default=dict, blank=True)
    difficulty_tolerance = models.DecimalField(
        "难度分布允许偏差", max_digits=4, decimal_places=3, default=0.05
    )
    knowledge_points = models.JSONField("知识点覆盖", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "组卷蓝图"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class PaperSet(models.Model):
    """One assembly run: N parallel forms (套题) of a blueprint and their overlaps (EXAM-02)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="paper_sets"
    )
    blueprint = models.ForeignKey(
        Blueprint, verbose_name="蓝图", on_delete=models.PROTECT, related_name="paper_sets"
    )
    sitting = models.ForeignKey(
        Sitting,
        verbose_name="批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="paper_sets",
    )
    seed = models.BigIntegerField("随机种子")
    forms = models.PositiveSmallIntegerField("套数")
    items_per_form = models.PositiveIntegerField("每套题量")
    max_overlap = models.PositiveIntegerField("允许重复题数上限")
    overlap = models.JSONField("两两重复题数", default=list)
    source = models.CharField("试题来源", max_length=10, choices=SOURCES)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="组卷人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("组卷时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "组卷批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.blueprint} × {self.forms}套"


class Paper(models.Model):
    """One form of a paper set; its questions only sealed at rest (EXAM-04)."""

    SEALED, RETIRED = "sealed", "retired"
    STATUSES = [(SEALED, "密封保管"), (RETIRED, "已作废")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="papers"
    )
    paper_set = models.ForeignKey(
        PaperSet, verbose_name="组卷批次", on_delete=models.CASCADE, related_name="papers"
    )
    sitting = models.ForeignKey(
        Sitting,
        verbose_name="批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="papers",
    )
    blueprint = models.ForeignKey(Blueprint, verbose_name="蓝图", on_delete=models.PROTECT)
    form_no = models.PositiveSmallIntegerField("套号")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=SEALED)
    sealed = models.BinaryField("密封内容")
    item_count = models.PositiveIntegerField("题量")
    total_points = models.DecimalField("总分", max_digits=7, decimal_places=2)
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="当前保管人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # 双人双锁: the store opens only with the custodian's key and this person's (EXAM-04).
    key_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="第二把钥匙保管人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("组卷时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "试卷"
        ordering = ["paper_set_id", "form_no"]
        constraints = [
            models.UniqueConstraint(fields=["paper_set", "form_no"], name="uniq_paper_form"),
            # The two keys are never in one hand; the services say why before this would fire.
            models.CheckConstraint(
                condition=~Q(key_holder=F("custodian")), name="paper_two_keys_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blueprint} 第{self.form_no}套"

    @property
    def form_label(self) -> str:
        return chr(ord("A") + self.form_no - 1) if self.form_no <= 26 else str(self.form_no)


class PaperHandover(models.Model):
    """A handover of a paper between two people: pending until the receiver confirms (EXAM-04)."""

    PENDING, CONFIRMED, CANCELLED = "pending", "confirmed", "cancelled"
    STATUSES = [(PENDING, "待接收人确认"), (CONFIRMED, "双方已确认"), (CANCELLED, "已撤回")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    paper = models.ForeignKey(
        Paper, verbose_name="试卷", on_delete=models.CASCADE, related_name="handovers"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="交出人", on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=PENDING)
    requested_at = models.DateTimeField("交出确认时间")
    confirmed_at = models.DateTimeField("接收确认时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "试卷交接"
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.paper} 交接 {self.get_status_display()}"


class PaperUnlock(models.Model):
    """Taking a paper out of store (双人双锁, EXAM-04): the custodian asks with a purpose, the
    second key holder confirms with their own login; valid on its day only."""

    PRINT, KEY_PRINT, ONLINE = "print", "key_print", "online"
    PURPOSES = [(PRINT, "打印试卷"), (KEY_PRINT, "打印答案"), (ONLINE, "在线考试读取")]
    PENDING, CONFIRMED, CANCELLED, VOID = "pending", "confirmed", "cancelled", "void"
    STATUSES = [
        (PENDING, "待第二把钥匙保管人确认"),
        (CONFIRMED, "已开锁（双人确认）"),
        (CANCELLED, "已撤回"),
        (VOID, "已失效（保管人变更）"),
    ]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    paper = models.ForeignKey(
        Paper, verbose_name="试卷", on_delete=models.CASCADE, related_name="unlocks"
    )
    purpose = models.CharField("用途", max_length=10, choices=PURPOSES)
    day = models.DateField("开锁日期")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人（保管人）",
        on_delete=models.PROTECT,
        related_name="+",
    )
    key_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="第二把钥匙保管人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=PENDING)
    requested_at = models.DateTimeField("申请时间")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "试卷开锁（双人双锁）"
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "purpose", "day"],
                condition=Q(status__in=["pending", "confirmed"]),
                name="uniq_paper_unlock_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.paper} {self.get_purpose_display()} {self.day} {self.get_status_display()}"


class PaperCustodyEvent(models.Model):
    """The custody log of a paper: every access, print, handover and unlock step, every change
    of the second key holder and every refusal (EXAM-04)."""

    ASSEMBLE, ACCESS, PRINT, KEY_PRINT = "assemble", "access", "print", "key_print"
    HANDOVER_OUT, HANDOVER_IN, HANDOVER_CANCEL = "handover_out", "handover_in", "handover_cancel"
    KEY_HOLDER, UNLOCK_REQUEST = "key_holder", "unlock_request"
    UNLOCK_CONFIRM, UNLOCK_CANCEL, UNLOCK_VOID = "unlock_confirm", "unlock_cancel", "unlock_void"
    REFUSED = "refused"
    KINDS = [
        (ASSEMBLE, "组卷封存"),
        (ACCESS, "启封读取"),
        (PRINT, "打印试卷"),
        (KEY_PRINT, "打印答案"),
        (HANDOVER_OUT, "交出（交出人确认）"),
        (HANDOVER_IN, "接收（接收人确认）"),
        (HANDOVER_CANCEL, "撤回交接"),
        (KEY_HOLDER, "指定第二把钥匙保管人"),
        (UNLOCK_REQUEST, "开锁申请（保管人）"),
        (UNLOCK_CONFIRM, "确认开锁（第二把钥匙保管人）"),
        (UNLOCK_CANCEL, "撤回开锁申请"),
        (UNLOCK_VOID, "开锁失效（保管人变更）"),
        (REFUSED, "拒绝访问"),
    ]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    paper = models.ForeignKey(
        Paper, verbose_name="试卷", on_delete=models.CASCADE, related_name="custody_events"
    )
    kind = models.CharField("事项", max_length=16, choices=KINDS)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("操作人账号", max_length=150, blank=True)
    handover = models.ForeignKey(
        PaperHandover,
        verbose_name="交接",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    unlock = models.ForeignKey(
        PaperUnlock,
        verbose_name="开锁",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    detail = models.CharField("说明", max_length=300, blank=True)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = verbose_name_plural = "试卷保管记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.paper} {self.get_kind_display()}"
