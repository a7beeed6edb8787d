"""The supervision group's report of a sitting (REC-06, 004 质量督导人员管理办法 七): the three
internal quality supervisors of the sitting's staffing plan write it with the internal
supervision plan and the checklist of 002 质量监督机制, and each signs with their own login
within 2 days of the sitting; the text is frozen at the first signature."""

from django.conf import settings
from django.db import models

from skillcert.institutions.models import Institution
from skillcert.people.models import Person
from skillcert.plans.models import Sitting


class SupervisionReport(models.Model):
    DRAFT, SIGNING, SIGNED = "draft", "signing", "signed"
    STATUSES = [(DRAFT, "起草中"), (SIGNING, "签名中"), (SIGNED, "已全部签名")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    sitting = models.OneToOneField(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="supervision_report"
    )
    plan = models.TextField("内部质量督导计划")
    checklist = models.JSONField("质量监督检查表", default=dict)  # code -> {"ok": bool, "note"}
    findings = models.TextField("督导意见")
    status = models.CharField("状态", max_length=8, choices=STATUSES, default=DRAFT)
    due_on = models.DateField("提交期限")  # REC-06: 2 days after the sitting's last day
    content_sha256 = models.CharField("签名内容摘要", max_length=64, blank=True)
    signed_at = models.DateTimeField("全部签名时间", null=True, blank=True)
    late = models.BooleanField("逾期提交", default=False)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "质量督导报告"

    def __str__(self) -> str:
        return f"{self.sitting} 督导报告"


class SupervisionSignature(models.Model):
    report = models.ForeignKey(
        SupervisionReport,
        verbose_name="督导报告",
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    person = models.ForeignKey(
        Person, verbose_name="督导员", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField("签名时间")
    content_sha256 = models.CharField("所签内容摘要", max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "督导报告签名"
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["report", "person"], name="uniq_supervision_signature")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.signed_at:%Y-%m-%d %H:%M}"
