from datetime import date

from django.conf import settings
from django.db import models

from skillcert.catalog.models import JobType, Occupation, Standard
from skillcert.core.rules import rules


class Authority(models.Model):
    """A supervising authority (人社部门 / 鉴定指导中心); sees the institutions of its region."""

    name = models.CharField("名称", max_length=100)
    region_code = models.CharField(
        "行政区划代码", max_length=6, help_text="如 410000 省级、410100 市级"
    )

    class Meta:
        verbose_name = verbose_name_plural = "人社部门"

    def __str__(self) -> str:
        return self.name

    @property
    def region_prefix(self) -> str:
        code = self.region_code
        while code.endswith("00") and len(code) > 2:
            code = code[:-2]
        return code


class Institution(models.Model):
    """An assessment institution (评价机构), the tenant of everything it owns (INST-01)."""

    COLLEGE, EMPLOYER, SOCIAL = "college", "employer", "social"
    KINDS = [(COLLEGE, "院校"), (EMPLOYER, "企业"), (SOCIAL, "社会培训评价组织")]
    NATURES = [("public", "公办"), ("private", "民办")]
    DRAFT, FILED, SUSPENDED = "draft", "filed", "suspended"
    STATUSES = [(DRAFT, "未备案"), (FILED, "已备案"), (SUSPENDED, "已暂停")]

    kind = models.CharField("机构类型", max_length=10, choices=KINDS)
    name = models.CharField("机构名称", max_length=100)
    short_name = models.CharField("机构简称", max_length=50, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    nature = models.CharField("性质", max_length=10, choices=NATURES, default="public")
    supervising_dept = models.CharField("主管部门", max_length=100, blank=True)
    legal_rep = models.CharField("法定代表人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("邮箱", blank=True)
    website = models.CharField("网址", max_length=200, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    prev_station_code = models.CharField("原鉴定站所代码", max_length=30, blank=True)
    region_code = models.CharField("所在地行政区划代码", max_length=6)
    authority = models.ForeignKey(
        Authority,
        verbose_name="备案部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institutions",
    )
    status = models.CharField("备案状态", max_length=10, choices=STATUSES, default=DRAFT)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    # CERT-01 parts 1-5, assigned by the authority; together they are the filing number (INST-04).
    cert_category = models.CharField("机构类别代码", max_length=1, blank=True)
    cert_org_code = models.CharField("机构代码", max_length=4, blank=True)
    cert_province = models.CharField("省级代码", max_length=2, blank=True)
    cert_city = models.CharField("市级代码", max_length=2, blank=True)
    cert_sequence = models.CharField("站点序列码", max_length=4, blank=True)
    seal_text = models.CharField("印章文字", max_length=60, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评价机构"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def filing_number(self) -> str:
        """INST-04: `Y000041019001` = category, org code, province, city, sequence."""
        if self.status == self.DRAFT:
            return ""
        return self.cert_prefix

    @property
    def cert_prefix(self) -> str:
        return (
            f"{self.cert_category}{self.cert_org_code}{self.cert_province}"
            f"{self.cert_city}{self.cert_sequence}"
        )

    @property
    def filing_valid_until(self) -> date | None:
        if not self.filed_on:
            return None
        years = rules().filing_valid_years
        try:
            return self.filed_on.replace(year=self.filed_on.year + years)
        except ValueError:  # 29 February
            return self.filed_on.replace(year=self.filed_on.year + years, day=28)

    def filing_valid_on(self, day: date) -> bool:
        until = self.filing_valid_until
        return self.status == self.FILED and until is not None and self.filed_on <= day < until


class ScopeRow(models.Model):
    """A row of the filed scope (认定范围清单, INST-12): occupation, job type, levels, standard."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="scope_rows"
    )
    occupation = models.ForeignKey(Occupation, verbose_name="职业", on_delete=models.PROTECT)
    job_type = models.ForeignKey(
        JobType, verbose_name="工种/职业方向", null=True, blank=True, on_delete=models.PROTECT
    )
    levels = models.CharField("级别", max_length=5)
    standard = models.ForeignKey(Standard, verbose_name="评价标准", on_delete=models.PROTECT)

    class Meta:
        verbose_name = verbose_name_plural = "认定范围"
        ordering = ["occupation__code", "job_type__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "occupation", "job_type"], name="uniq_scope_row"
            )
        ]

    def __str__(self) -> str:
        job = f"（{self.job_type.name}）" if self.job_type_id else ""
        return f"{self.occupation.name}{job} {'、'.join(self.levels)}级"


class Membership(models.Model):
    """A user's role at an institution; outsiders have none and see 404."""

    DIRECTOR, EXAM_AFFAIRS, EXAMINER, SUPERVISOR = (
        "director",
        "exam_affairs",
        "examiner",
        "supervisor",
    )
    ROLES = [
        (DIRECTOR, "机构负责人"),
        (EXAM_AFFAIRS, "考务人员"),
        (EXAMINER, "考评员"),
        (SUPERVISOR, "质量督导员"),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=16, choices=ROLES)

    class Meta:
        verbose_name = verbose_name_plural = "机构成员"
        constraints = [
            models.UniqueConstraint(fields=["user", "institution", "role"], name="uniq_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.institution} ({self.get_role_display()})"


class AuthorityStaff(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="authority_staff",
    )
    authority = models.ForeignKey(
        Authority, verbose_name="人社部门", on_delete=models.CASCADE, related_name="staff"
    )

    class Meta:
        verbose_name = verbose_name_plural = "人社部门工作人员"

    def __str__(self) -> str:
        return f"{self.user} @ {self.authority}"
