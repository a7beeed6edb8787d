"""A sitting's archive (REC-01..03): its items, their access, destruction and the package."""

from django.conf import settings
from django.db import models

from skillcert.core.models import BackgroundJob
from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting


class ArchiveItem(models.Model):
    """One item of a sitting's archive with its retention class (REC-01) and location."""

    PERMANENT, PAPER, ELECTRONIC, VIDEO, PROOF, EXAM_PAPER = (
        "permanent",
        "paper",
        "electronic",
        "video",
        "proof",
        "exam_paper",
    )
    CLASSES = [
        (PERMANENT, "永久"),
        (PAPER, "纸质记录"),
        (ELECTRONIC, "电子记录"),
        (VIDEO, "视频"),
        (PROOF, "考生证明材料"),
        (EXAM_PAPER, "试卷"),
    ]
    KEPT, DESTROYED = "kept", "destroyed"
    STATUSES = [(KEPT, "在档"), (DESTROYED, "已销毁")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField("来源", max_length=40)
    ref = models.CharField("来源记录", max_length=60)
    title = models.CharField("档案名称", max_length=200)
    retention_class = models.CharField("保管类别", max_length=12, choices=CLASSES)
    paper = models.BooleanField("纸质", default=False)
    dated_on = models.DateField("形成日期")
    destroy_after = models.DateField("最早销毁日期", null=True, blank=True)
    box = models.CharField("盒号", max_length=30, blank=True)
    shelf = models.CharField("架位", max_length=30, blank=True)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=KEPT)
    created_at = models.DateTimeField("归档时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "档案条目"
        ordering = ["sitting_id", "source", "ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "source", "ref"], name="uniq_records_archive_item"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def permanent(self) -> bool:
        return self.retention_class == self.PERMANENT

    @property
    def location(self) -> str:
        if not self.paper:
            return "电子"
        if not self.box:
            return "未定位"
        return f"{self.box}盒 / {self.shelf}架"


class Approved(models.Model):
    """A request someone makes and another person approves or refuses (REC-02)."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        abstract = True


class ArchiveAccess(Approved):
    """Borrowing or copying an archive item, approved and logged (REC-02)."""

    BORROW, COPY = "borrow", "copy"
    KINDS = [(BORROW, "借阅"), (COPY, "复制")]
    REQUESTED, APPROVED, REFUSED, RETURNED = "requested", "approved", "refused", "returned"
    STATUSES = [
        (REQUESTED, "待审批"),
        (APPROVED, "已批准"),
        (REFUSED, "未批准"),
        (RETURNED, "已归还"),
    ]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(
        ArchiveItem, verbose_name="档案条目", on_delete=models.CASCADE, related_name="accesses"
    )
    kind = models.CharField("类别", max_length=8, choices=KINDS)
    borrower = models.CharField("借阅人", max_length=50)
    purpose = models.CharField("用途", max_length=200)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=REQUESTED)
    returned_at = models.DateTimeField("归还时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "档案借阅与复制"
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.item} {self.borrower}"


class DestructionRequest(Approved):
    """A request to destroy archive items past retention, with its inventory (销毁清册, REC-02)."""

    REQUESTED, APPROVED, REFUSED, DONE = "requested", "approved", "refused", "done"
    STATUSES = [(REQUESTED, "待审批"), (APPROVED, "已批准"), (REFUSED, "未批准"), (DONE, "已销毁")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.CASCADE, related_name="+"
    )
    items = models.ManyToManyField(ArchiveItem, verbose_name="销毁清册", related_name="+")
    reason = models.CharField("销毁理由", max_length=200)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=REQUESTED)
    destroyed_on = models.DateField("销毁日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "档案销毁申请"
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.sitting} 销毁申请 {self.pk}"


class ArchivePackage(BackgroundJob):
    """A background job building a sitting's archive package: a ZIP with an index PDF."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.CASCADE, related_name="+"
    )
    total = models.PositiveIntegerField("条目数", default=0)
    done = models.PositiveIntegerField("已打包", default=0)
    file = models.FileField("文件", upload_to="records/archives/", blank=True)
    size = models.PositiveBigIntegerField("文件大小（字节）", default=0)
    error = models.CharField("错误", max_length=300, blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = verbose_name_plural = "档案打包任务"

    def __str__(self) -> str:
        return f"{self.sitting} 档案包 {self.pk}"

    def progress(self) -> tuple[int, int]:
        return self.done, self.total

    @classmethod
    def failure_fields(cls, message: str) -> dict:
        return {"error": message}
