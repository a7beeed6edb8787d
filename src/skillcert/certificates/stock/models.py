"""The blank certificate stock (CERT-07): batches received and every movement of a sheet."""

from django.conf import settings
from django.db import models

from skillcert.institutions.models import Institution


class BlankStockBatch(models.Model):
    """A delivery of blank certificate sheets with pre-printed serials `first..last` (CERT-07).

    The batch row never holds a balance: on hand, used and destroyed are sums over its
    movements (`stock.batch_balance`).
    """

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="stock_batches"
    )
    prefix = models.CharField("印刷编号前缀", max_length=10, blank=True)
    digits = models.PositiveSmallIntegerField("印刷编号位数", default=7)
    first_serial = models.PositiveIntegerField("起始印刷编号")
    last_serial = models.PositiveIntegerField("终止印刷编号")
    received_on = models.DateField("入库日期")
    source = models.CharField("来源（领取单位/供应方）", max_length=100)
    location = models.CharField("存放地点", max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "空白证书入库批次"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.sheet_label(self.first_serial)}—{self.sheet_label(self.last_serial)}"

    @property
    def size(self) -> int:
        return self.last_serial - self.first_serial + 1

    def sheet_label(self, serial: int) -> str:
        return f"{self.prefix}{serial:0{self.digits}d}"


class StockMovement(models.Model):
    """One step of the blank stock (CERT-07): receive, issue (print), spoil, destroy, count.

    Ranges are inclusive. A sheet is used once (issued or spoiled); destroyed once, and only
    if it was not issued. `count` rows carry the stock-take: counted against expected.
    """

    RECEIVE, ISSUE, SPOIL, DESTROY, COUNT = "receive", "issue", "spoil", "destroy", "count"
    KINDS = [
        (RECEIVE, "入库"),
        (ISSUE, "发放（打印证书）"),
        (SPOIL, "损坏（误印）"),
        (DESTROY, "销毁"),
        (COUNT, "盘点"),
    ]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="stock_movements"
    )
    batch = models.ForeignKey(
        BlankStockBatch, verbose_name="入库批次", on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField("类型", max_length=10, choices=KINDS)
    first_serial = models.PositiveIntegerField("起始印刷编号", null=True, blank=True)
    last_serial = models.PositiveIntegerField("终止印刷编号", null=True, blank=True)
    on = models.DateField("日期")
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name="证书",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stock_movements",
    )
    replacement = models.OneToOneField(
        "certificates.Replacement",
        verbose_name="补发",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sheet",
    )
    reason = models.CharField("原因/说明", max_length=200, blank=True)
    witness_1 = models.CharField("监销人1", max_length=50, blank=True)
    witness_2 = models.CharField("监销人2", max_length=50, blank=True)
    counted = models.PositiveIntegerField("清点数量", null=True, blank=True)
    expected = models.PositiveIntegerField("账面数量", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "空白证书台账"
        ordering = ["id"]
        indexes = [models.Index(fields=["batch", "kind"], name="stock_move_batch_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.range_label}"

    @property
    def size(self) -> int:
        if self.first_serial is None or self.last_serial is None:
            return 0
        return self.last_serial - self.first_serial + 1

    @property
    def range_label(self) -> str:
        if self.first_serial is None:
            return ""
        first = self.batch.sheet_label(self.first_serial)
        if self.first_serial == self.last_serial:
            return first
        return f"{first}—{self.batch.sheet_label(self.last_serial)}"

    @property
    def discrepancy(self) -> int | None:
        if self.counted is None or self.expected is None:
            return None
        return self.counted - self.expected


# --- CERT-05: replacement of a lost or damaged certificate ----------------------------------
