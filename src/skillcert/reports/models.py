"""What an institution has sent the authority (REC-08): one row per document sent, so the
authority's dashboard can tell which reports are overdue (deadlines.py)."""

from django.conf import settings
from django.db import models

from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting


class ReportDelivery(models.Model):
    YEARLY = "yearly"
    PERIODIC = "periodic"
    SUMMARY = "summary"
    APPLICATION = "application"
    KINDS = [
        (YEARLY, "年度报告"),
        (PERIODIC, "定期统计表"),
        (SUMMARY, "鉴定总结报告"),
        (APPLICATION, "鉴定申请表及花名册"),
    ]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="report_deliveries"
    )
    kind = models.CharField("报表类型", max_length=12, choices=KINDS)
    period_start = models.DateField("统计期起")
    period_end = models.DateField("统计期止")
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, null=True, blank=True
    )
    sha256 = models.CharField("文件摘要", max_length=64)
    sent_at = models.DateTimeField("报送时间")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, null=True
    )

    class Meta:
        verbose_name = verbose_name_plural = "报表报送记录"
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["institution", "kind", "period_end"])]

    def __str__(self):
        return f"{self.institution} {self.get_kind_display()} {self.period_start}–{self.period_end}"


# --- home helper: the certificate data feed (CERT-08, VIOL-05) lives in its own module ---
from .feed.models import CertificateFeed  # noqa: E402

__all__ = ["CertificateFeed", "ReportDelivery"]
