"""Equipment ledger per occupation, its maintenance and calibration, and its use (REC-07)."""

from django.conf import settings
from django.db import models

from skillcert.arrangement.models import Room
from skillcert.catalog.models import Occupation
from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting


class Equipment(models.Model):
    """One line of the equipment ledger (设备台账) of an occupation (REC-07)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name="职业", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("设备名称", max_length=100)
    model = models.CharField("型号", max_length=100)
    quantity = models.PositiveIntegerField("数量")
    purchased_on = models.DateField("购置日期")
    price = models.DecimalField("单价（元）", max_digits=12, decimal_places=2)
    parameters = models.TextField("技术参数", max_length=1000, blank=True)
    work_items = models.TextField("服务的标准工作内容", max_length=1000)
    measuring = models.BooleanField("计量器具", default=False)
    calibration_due = models.DateField("检定有效期至", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "设备台账"
        ordering = ["occupation_id", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.model}）"

    def calibrated_on(self, day) -> bool:
        """REC-07: a measuring instrument is usable on `day` only within its calibration."""
        return not self.measuring or (
            self.calibration_due is not None and day <= self.calibration_due
        )


class EquipmentEvent(models.Model):
    """Maintenance, repair or calibration of one ledger line (REC-07)."""

    MAINTENANCE, REPAIR, CALIBRATION = "maintenance", "repair", "calibration"
    KINDS = [(MAINTENANCE, "维护保养"), (REPAIR, "维修"), (CALIBRATION, "检定校准")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    equipment = models.ForeignKey(
        Equipment, verbose_name="设备", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("类别", max_length=12, choices=KINDS)
    on = models.DateField("日期")
    note = models.CharField("内容", max_length=300)
    valid_until = models.DateField("检定有效期至", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "设备维护与检定记录"
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.equipment} {self.get_kind_display()} {self.on}"


class EquipmentUse(models.Model):
    """An instrument used at a sitting's practical stations (REC-07)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.CASCADE, related_name="+"
    )
    equipment = models.ForeignKey(
        Equipment, verbose_name="设备", on_delete=models.PROTECT, related_name="uses"
    )
    room = models.ForeignKey(
        Room,
        verbose_name="实操考场",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "实操工位设备"
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "equipment"], name="uniq_records_equipment_use"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sitting} {self.equipment}"
