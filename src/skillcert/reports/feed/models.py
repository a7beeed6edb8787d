"""The certificate data feed (CERT-08, VIOL-05). Imported by reports.models."""

from django.conf import settings
from django.db import models

from skillcert.institutions.models import Institution
from skillcert.violations.models import CorrectionNotice


class CertificateFeed(models.Model):
    """One feed file: the period's new certificates and the corrections it carries.

    `corrections` are the notices written into its 更正 sheet when it was built; the file
    (sealed, with full ID numbers) is never rebuilt, so what was sent can be shown again."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField("发证日期自")
    period_end = models.DateField("发证日期至")
    certificates = models.PositiveIntegerField("新发证书数")
    corrections = models.ManyToManyField(
        CorrectionNotice, verbose_name="更正通知", blank=True, related_name="+"
    )
    correction_count = models.PositiveIntegerField("更正数")
    file = models.FileField("文件（密封）", upload_to="reports/feeds/", blank=True)
    sha256 = models.CharField("文件摘要", max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    sent_at = models.DateTimeField("报送时间", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "证书数据上报（含更正）"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"证书数据上报 {self.period_start}–{self.period_end}"
