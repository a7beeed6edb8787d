from django.conf import settings
from django.db import models

from skillcert.catalog.models import LEVEL_LABELS, LEVELS
from skillcert.core.idnumbers import ID_TYPE_LABELS
from skillcert.core.models import BackgroundJob
from skillcert.institutions.models import Institution
from skillcert.people.models import Person
from skillcert.plans.models import Registration, Sitting

from .stock.models import BlankStockBatch, StockMovement


class SerialCounter(models.Model):
    """The last serial used per institution, year and level (CERT-01 part 8, CERT-02).

    Rows are locked with SELECT ... FOR UPDATE while issuing, so concurrent issues take
    consecutive ranges: no serial repeats or is skipped.
    """

    institution = models.ForeignKey(Institution, verbose_name="机构", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField("年份（两位）")
    level = models.PositiveSmallIntegerField("级别", choices=LEVELS)
    last_serial = models.PositiveIntegerField("已用序列号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "证书序列号"
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "level"], name="uniq_serial_counter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution_id}/{self.year:02d}/{self.level}: {self.last_serial:06d}"


class IssueRegister(models.Model):
    """核发名册: the passed candidates of a sitting, reviewed before issue (CERT-04)."""

    DRAFT, REVIEWED, ISSUED = "draft", "reviewed", "issued"
    STATUSES = [(DRAFT, "待审核"), (REVIEWED, "已审核"), (ISSUED, "已核发")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="issue_registers"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="issue_registers"
    )
    registrations = models.ManyToManyField(Registration, verbose_name="名册人员", related_name="+")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="编制人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("编制时间", auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    issued_on = models.DateField("核发日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "证书核发名册"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.sitting} 核发名册 ({self.get_status_display()})"


class Certificate(models.Model):
    """职业技能等级证书: its data is fixed at issue (CERT-03, CERT-06)."""

    VALID, VOID = "valid", "void"
    STATUSES = [(VALID, "有效"), (VOID, "已作废")]

    number = models.CharField("证书编号", max_length=22, unique=True)
    institution = models.ForeignKey(
        Institution, verbose_name="发证机构", on_delete=models.PROTECT, related_name="certificates"
    )
    register = models.ForeignKey(
        IssueRegister,
        verbose_name="核发名册",
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    registration = models.OneToOneField(
        Registration, verbose_name="报名", on_delete=models.PROTECT, related_name="certificate"
    )
    person = models.ForeignKey(
        Person, verbose_name="持证人", on_delete=models.PROTECT, related_name="certificates"
    )
    holder_name = models.CharField("姓名", max_length=50)
    id_type = models.CharField("证件类型", max_length=20)
    id_masked = models.CharField("证件号码（脱敏）", max_length=40)
    occupation_code = models.CharField("职业编码", max_length=12)
    occupation_name = models.CharField("职业名称", max_length=100)
    job_type_name = models.CharField("工种/职业方向", max_length=100, blank=True)
    level = models.PositiveSmallIntegerField("职业技能等级", choices=LEVELS)
    issuer_name = models.CharField("发证机构", max_length=100)
    # The seal as printed at issue: a later change of the institution's seal text must not
    # alter PDFs of certificates already issued (issue 16 item 10, CERT-03).
    seal_text = models.CharField("印章文字", max_length=60, blank=True)
    issued_on = models.DateField("发证日期")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=VALID)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)
    voided_on = models.DateField("作废日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "职业技能等级证书"
        ordering = ["number"]
        # The authority's dashboard (reports, REC-08/CERT-08) counts by issue and void date.
        indexes = [
            models.Index(fields=["issued_on", "institution"], name="cert_issued_on_inst"),
            models.Index(
                fields=["voided_on", "institution"],
                name="cert_voided_on_inst",
                condition=models.Q(status="void"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name}"

    @property
    def id_type_label(self) -> str:
        return ID_TYPE_LABELS.get(self.id_type, self.id_type)

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, str(self.level))

    @property
    def is_valid(self) -> bool:
        return self.status == self.VALID


class CertificatePdfJob(BackgroundJob):
    """A background render of a register's certificates into one PDF, polled by its page.

    The file holds full ID numbers (CERT-03), so it is served only through a tenancy-checked
    view, never from a public media URL.
    """

    institution = models.ForeignKey(
        Institution,
        verbose_name="机构",
        on_delete=models.CASCADE,
        related_name="certificate_pdf_jobs",
    )
    register = models.ForeignKey(
        IssueRegister, verbose_name="核发名册", on_delete=models.CASCADE, related_name="pdf_jobs"
    )
    total = models.PositiveIntegerField("证书数", default=0)
    done = models.PositiveIntegerField("已生成", default=0)
    file = models.FileField("文件", upload_to="certificates/pdf/", blank=True)
    error = models.CharField("错误", max_length=300, blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = verbose_name_plural = "证书批量PDF"

    def __str__(self) -> str:
        return f"{self.register} PDF ({self.get_status_display()})"

    def progress(self) -> tuple[int, int]:
        return self.done, self.total

    @classmethod
    def failure_fields(cls, message: str) -> dict:
        return {"error": message}


class CertificateZipJob(BackgroundJob):
    """A background render of a register's valid certificates, one PDF each, into a ZIP.

    The archive holds full ID numbers (CERT-03): it is stored sealed in chunks
    (`sealing.py`) and served only through a tenancy-checked view.
    """

    institution = models.ForeignKey(
        Institution,
        verbose_name="机构",
        on_delete=models.CASCADE,
        related_name="certificate_zip_jobs",
    )
    register = models.ForeignKey(
        IssueRegister, verbose_name="核发名册", on_delete=models.CASCADE, related_name="zip_jobs"
    )
    total = models.PositiveIntegerField("证书数", default=0)
    done = models.PositiveIntegerField("已生成", default=0)
    file = models.FileField("文件", upload_to="certificates/zip/", blank=True)
    size = models.PositiveBigIntegerField("文件大小（字节）", default=0)
    error = models.CharField("错误", max_length=300, blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = verbose_name_plural = "证书批量PDF压缩包"

    def __str__(self) -> str:
        return f"{self.register} ZIP ({self.get_status_display()})"

    def progress(self) -> tuple[int, int]:
        return self.done, self.total

    @classmethod
    def failure_fields(cls, message: str) -> dict:
        return {"error": message}


# --- CERT-07: the blank-certificate stock ledger -----------------------------------------


class Replacement(models.Model):
    """补发: a new print of the same certificate, same number (CERT-05)."""

    LOST, DAMAGED = "lost", "damaged"
    REASONS = [(LOST, "遗失"), (DAMAGED, "损毁")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="replacements"
    )
    certificate = models.ForeignKey(
        Certificate, verbose_name="证书", on_delete=models.PROTECT, related_name="replacements"
    )
    reason = models.CharField("补发原因", max_length=10, choices=REASONS)
    applied_on = models.DateField("申请日期")
    replaced_on = models.DateField("补发日期")
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "证书补发记录"
        ordering = ["-replaced_on", "-id"]

    def __str__(self) -> str:
        return f"{self.certificate_id} 补发 {self.replaced_on}"


# --- CERT-08: issued certificates sent to the authority ------------------------------------


class CertificateExport(models.Model):
    """An .xlsx of issued certificates for the authority (CERT-08), and when it was sent.

    The file carries full ID numbers (the authority's statistics need them): stored sealed,
    downloaded only by the institution's managers, every creation and download audited.
    """

    institution = models.ForeignKey(
        Institution,
        verbose_name="机构",
        on_delete=models.PROTECT,
        related_name="certificate_exports",
    )
    sitting = models.ForeignKey(
        Sitting,
        verbose_name="批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate_exports",
    )
    issued_from = models.DateField("发证日期自", null=True, blank=True)
    issued_to = models.DateField("发证日期至", null=True, blank=True)
    rows = models.PositiveIntegerField("证书数")
    file = models.FileField("文件", upload_to="certificates/exports/", blank=True)
    sha256 = models.CharField("文件摘要", max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导出人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("导出时间", auto_now_add=True)
    sent_on = models.DateField("报送日期", null=True, blank=True)
    sent_to = models.CharField("报送单位", max_length=100, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "证书数据报送"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"证书数据导出 #{self.pk}（{self.rows}本）"


__all__ = [
    "BlankStockBatch",
    "Certificate",
    "CertificateExport",
    "CertificatePdfJob",
    "CertificateZipJob",
    "IssueRegister",
    "Replacement",
    "SerialCounter",
    "StockMovement",
]
