"""INST-08: change applications of a filed institution (legal representative, name, address)
and their documents. The Institution record changes only on the authority's approval."""

from django.conf import settings
from django.db import models

from skillcert.institutions.models import Institution


class ChangeApplication(models.Model):
    LEGAL_REP, NAME, ADDRESS = "legal_rep", "name", "address"
    KINDS = [(LEGAL_REP, "法定代表人变更"), (NAME, "机构名称变更"), (ADDRESS, "地址变更")]
    SUBMITTED, APPROVED, REJECTED = "submitted", "approved", "rejected"
    STATES = [(SUBMITTED, "待审核"), (APPROVED, "已批准"), (REJECTED, "已驳回")]

    institution = models.ForeignKey(
        Institution,
        verbose_name="机构",
        on_delete=models.PROTECT,
        related_name="change_applications",
    )
    kind = models.CharField("变更事项", max_length=10, choices=KINDS)
    old_value = models.CharField("变更前", max_length=200, blank=True)
    new_value = models.CharField("变更后", max_length=200)
    reason = models.TextField("变更理由")
    state = models.CharField("状态", max_length=10, choices=STATES, default=SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "变更申请"
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.institution} {self.get_kind_display()}"


class ChangeDocument(models.Model):
    """A document of a change application, checked by content, sealed (ID copies)."""

    ID_COPY, APPOINTMENT, BASIS = "id_copy", "appointment", "basis"
    KINDS = [
        (ID_COPY, "新任法定代表人身份证复印件"),
        (APPOINTMENT, "任命文件"),
        (BASIS, "变更依据文件"),
    ]

    application = models.ForeignKey(
        ChangeApplication,
        verbose_name="变更申请",
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField("材料类型", max_length=12, choices=KINDS)
    name = models.CharField("文件名", max_length=200)
    file = models.FileField("文件", upload_to="changes/%Y/")
    content_type = models.CharField("内容类型", max_length=50)
    size = models.PositiveIntegerField("大小(字节)")
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "变更申请材料"

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()}"
