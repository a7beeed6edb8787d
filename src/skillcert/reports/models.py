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

__all__ = ["CertificateFeed", "ReportDelivery", "SittingTally"]


class SittingTally(models.Model):
    """The figures of one sitting (reports.counting), kept so the authority's dashboard sums
    thousands of sittings instead of joining millions of registrations with their results.

    `changes` goes up with every write to the sitting's registrations or results (signals,
    reports.tally); `tallied` is the value of `changes` the figures were counted at. A tally
    with tallied < changes, or none at all, is counted again before it is read."""

    sitting = models.OneToOneField(
        Sitting, verbose_name="批次", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    registered = models.PositiveIntegerField("报名人数", default=0)
    sat = models.PositiveIntegerField("实考人数", default=0)
    passed = models.PositiveIntegerField("合格人数", default=0)
    theory_sat = models.PositiveIntegerField("理论实考", default=0)
    theory_passed = models.PositiveIntegerField("理论合格", default=0)
    practical_sat = models.PositiveIntegerField("技能实考", default=0)
    practical_passed = models.PositiveIntegerField("技能合格", default=0)
    changes = models.PositiveBigIntegerField("变动次数", default=0)
    tallied = models.BigIntegerField("统计时变动次数", default=-1)
    counted_at = models.DateTimeField("统计时间", null=True)

    class Meta:
        verbose_name = verbose_name_plural = "批次统计"
        indexes = [
            models.Index(
                fields=["sitting"],
                name="reports_tally_stale",
                condition=models.Q(tallied__lt=models.F("changes")),
            )
        ]

    def __str__(self):
        return f"{self.sitting_id} 报名{self.registered} 实考{self.sat} 合格{self.passed}"
