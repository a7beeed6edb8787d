"""Complaints and reports of candidates (REC-04, 004 考生投诉处理办法): registered with name,
unit, contact, content and evidence; within 3 working days a decision whether to investigate
with a written notice; the people complained about take no part; a decision within 7 working
days, extendable with notice; then archived."""

from django.conf import settings
from django.db import models

from skillcert.institutions.models import Institution
from skillcert.people.models import Person
from skillcert.plans.models import Sitting


class Complaint(models.Model):
    REGISTERED, INVESTIGATING, DECLINED, DECIDED, ARCHIVED = (
        "registered",
        "investigating",
        "declined",
        "decided",
        "archived",
    )
    STATUSES = [
        (REGISTERED, "已登记"),
        (INVESTIGATING, "调查中"),
        (DECLINED, "不予调查"),
        (DECIDED, "已作出处理决定"),
        (ARCHIVED, "已归档"),
    ]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting,
        verbose_name="批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    name = models.CharField("投诉人姓名", max_length=50)
    unit = models.CharField("单位", max_length=100, blank=True)
    contact = models.CharField("联系方式", max_length=100)
    content = models.TextField("投诉内容")
    received_on = models.DateField("收到日期")
    accused = models.ManyToManyField(
        Person, verbose_name="被投诉人员", blank=True, related_name="+"
    )
    status = models.CharField("状态", max_length=14, choices=STATUSES, default=REGISTERED)
    accept_due = models.DateField("决定是否调查期限")  # REC-04: 3 working days
    decision_due = models.DateField("处理决定期限")  # REC-04: 7 working days, or extended
    extended = models.BooleanField("已延期", default=False)
    accepted_on = models.DateField("决定是否调查日期", null=True, blank=True)
    accept_reason = models.TextField("初步了解情况", blank=True)
    decided_on = models.DateField("处理决定日期", null=True, blank=True)
    decision = models.TextField("处理决定", blank=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "考生投诉"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.name} {self.received_on}"


class ComplaintEvidence(models.Model):
    """A file the complainant gave (checked by content, sealed at rest)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name="投诉", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("文件（密封）", upload_to="records/complaints/")
    filename = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=40)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "投诉证据"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class ComplaintNotice(models.Model):
    """A written notice to the complainant: whether it is investigated, an extension, the
    decision (REC-04); printable."""

    ACCEPTANCE, EXTENSION, DECISION = "acceptance", "extension", "decision"
    KINDS = [
        (ACCEPTANCE, "受理（是否调查）通知"),
        (EXTENSION, "延期通知"),
        (DECISION, "处理决定通知"),
    ]

    complaint = models.ForeignKey(
        Complaint, verbose_name="投诉", on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField("通知类型", max_length=12, choices=KINDS)
    text = models.TextField("通知内容")
    issued_on = models.DateField("通知日期")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "投诉书面通知"
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.issued_on}"
