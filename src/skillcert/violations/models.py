"""Candidate violations (违纪违规处理, VIOL-01..06): the record, its evidence and the
correction notice for data already sent to the authority (VIOL-05).

A violation is recorded by a proctor or examiner of the sitting (or exam-affairs staff) and
takes effect only when an exam-affairs manager confirms it; see the services package.
"""

from django.conf import settings
from django.db import models

from skillcert.certificates.models import Certificate
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration

from .categories import EFFECT_LABELS, model_choices


class Violation(models.Model):
    """One candidate's violation in one sitting, with the rule and the effect applied."""

    THEORY, PRACTICAL, ALL = "theory", "practical", "all"
    SUBJECTS = [(THEORY, "理论知识考试"), (PRACTICAL, "操作技能考核"), (ALL, "全部科目")]
    RECORDED, CONFIRMED, WITHDRAWN = "recorded", "confirmed", "withdrawn"
    STATUSES = [(RECORDED, "已记录待确认"), (CONFIRMED, "已确认处理"), (WITHDRAWN, "已撤回")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="violations"
    )
    registration = models.ForeignKey(
        Registration, verbose_name="报名", on_delete=models.PROTECT, related_name="violations"
    )
    category = models.CharField("违纪违规行为", max_length=24, choices=model_choices())
    rule = models.CharField("处理依据", max_length=10)
    effect = models.CharField(
        "处理结果", max_length=16, choices=list(EFFECT_LABELS.items()), default=""
    )
    subject = models.CharField("科目", max_length=10, choices=SUBJECTS)
    occurred_at = models.DateTimeField("发生时间")
    found_after_sitting = models.BooleanField(
        "评价活动结束后发现", default=False, help_text="VIOL-05：已发证书作废并更正上报数据"
    )
    notes = models.TextField("情况记录", max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=RECORDED)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回原因", max_length=200, blank=True)
    # VIOL-04: the ban made on confirmation (plans.Ban), kept for display.
    ban = models.ForeignKey(
        "plans.Ban",
        verbose_name="禁考记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "考生违纪违规"
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["institution", "status"])]

    def __str__(self) -> str:
        return f"{self.registration.person.name} {self.rule} {self.get_category_display()}"

    @property
    def effect_label(self) -> str:
        return EFFECT_LABELS.get(self.effect, "")

    @property
    def decision_text(self) -> str:
        """What the candidate is told: subject, effect and rule."""
        subject = "" if self.subject == self.ALL else f"{self.get_subject_display()}："
        return f"{subject}{self.effect_label}（{self.rule}）"


def evidence_path(instance, filename: str) -> str:
    return f"violations/{instance.institution_id}/{instance.violation_id}/{filename}"


class ViolationEvidence(models.Model):
    """A photo or document backing a violation; stored sealed (AES-GCM) via the storage API
    because photos show candidates and their papers. Served only through a tenancy-checked
    view that unseals it."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    violation = models.ForeignKey(
        Violation, verbose_name="违纪违规", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("文件（加密存储）", upload_to=evidence_path)
    filename = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=40)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "违纪证据"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class CorrectionNotice(models.Model):
    """数据更正: an issued certificate voided after its data was sent upward (证书数据上报/上网,
    CERT-08), for a violation (VIOL-05), an appeal (SCORE-05) or any other void. Exactly one per
    certificate, made by `corrections.notice_certificate_void` on every `certificate_void`.
    Reports and exports to the authority pick up the unsent notices and mark them sent; the
    row stays as the record of the correction. `basis` says why (e.g. {"appeal": 12})."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.ForeignKey(
        Certificate, verbose_name="证书", on_delete=models.PROTECT, related_name="+"
    )
    certificate_number = models.CharField("证书编号", max_length=22)
    violation = models.ForeignKey(
        Violation,
        verbose_name="违纪违规",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    reason = models.CharField("更正原因", max_length=200)
    basis = models.JSONField("作废依据", default=dict, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    sent = models.BooleanField("已报送", default=False)
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
        verbose_name = verbose_name_plural = "证书数据更正通知"
        ordering = ["sent", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["certificate"], name="uniq_correction_certificate")
        ]

    def __str__(self) -> str:
        return f"{self.certificate_number} 作废更正"

    @property
    def basis_label(self) -> str:
        """What voided the certificate, for the authority's page (CERT-08)."""
        b = self.basis or {}
        if self.violation_id or b.get("violation"):
            return f"违纪违规处理（{b.get('rule') or 'VIOL-05'}）"
        if b.get("appeal"):
            return f"成绩复核申请第{b['appeal']}号（{b.get('rule') or 'SCORE-05'}）"
        return "证书作废（CERT-06）"
