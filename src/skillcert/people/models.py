from datetime import date

from django.conf import settings
from django.db import models

from skillcert.core import crypto
from skillcert.core.idnumbers import ID_TYPES


class Person(models.Model):
    """A natural person known by an identity document; the number is encrypted at rest."""

    name = models.CharField("姓名", max_length=50)
    id_type = models.CharField("证件类型", max_length=20, choices=ID_TYPES)
    id_number_encrypted = models.TextField("证件号码（密文）")
    id_hash = models.CharField("证件号码哈希", max_length=64, unique=True)
    id_masked = models.CharField("证件号码（脱敏）", max_length=40)
    sex = models.CharField("性别", max_length=1, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    photo = models.ImageField("1寸照片", upload_to="photos/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        verbose_name = verbose_name_plural = "人员"

    def __str__(self) -> str:
        return f"{self.name} {self.id_masked}"

    @property
    def id_number(self) -> str:
        """The clear number; for the certificate PDF and authority reports only, never screens."""
        return crypto.decrypt(self.id_number_encrypted)


# --- registers of an institution's people (issue 3): examiners, supervisors, experts, staff --

TERM_YEARS = 3  # PEOPLE-05 / PEOPLE-07 / PEOPLE-08: cards, contracts and terms run 3 years

INTERMEDIATE_TITLE, SENIOR_TITLE = "intermediate", "senior"
PRO_TITLES = [(INTERMEDIATE_TITLE, "中级职称"), (SENIOR_TITLE, "高级职称")]
SKILL_LEVELS = [
    (1, "一级/高级技师"),
    (2, "二级/技师"),
    (3, "三级/高级工"),
    (4, "四级/中级工"),
    (5, "五级/初级工"),
]


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def full_years(since: date | None, day: date) -> int:
    """Whole years from `since` to `day` (0 when unknown or in the future)."""
    if since is None or since > day:
        return 0
    years = day.year - since.year - ((day.month, day.day) < (since.month, since.day))
    return max(years, 0)


class Examiner(models.Model):
    """考评员 / 高级考评员 of an institution (PEOPLE-02..06)."""

    EXAMINER, SENIOR = "examiner", "senior"
    GRADES = [(EXAMINER, "考评员"), (SENIOR, "高级考评员")]
    ACTIVE, DISMISSED = "active", "dismissed"
    STATUSES = [(ACTIVE, "在聘"), (DISMISSED, "已解聘")]

    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name="机构",
        on_delete=models.PROTECT,
        related_name="examiners",
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="examiner_roles"
    )
    grade = models.CharField("考评员类别", max_length=10, choices=GRADES, default=EXAMINER)
    # Qualification basis (PEOPLE-02): a skill level in an occupation, or a professional title.
    skill_level = models.PositiveSmallIntegerField(
        "本人技能等级", choices=SKILL_LEVELS, null=True, blank=True
    )
    skill_occupation = models.ForeignKey(
        "catalog.Occupation",
        verbose_name="技能等级所属职业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("专业技术职称", max_length=12, choices=PRO_TITLES, blank=True)
    occupations = models.ManyToManyField(
        "catalog.Occupation", verbose_name="考评职业", related_name="examiners"
    )
    card_number = models.CharField("考评员证号", max_length=40)
    card_issued_on = models.DateField("发证日期")
    training_hours = models.PositiveSmallIntegerField("培训学时")
    assessment_passed = models.BooleanField("考核合格", default=False)
    contract_start = models.DateField("聘任起始日期")
    first_assessed_on = models.DateField("首次参加考评日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=ACTIVE)
    dismissed_on = models.DateField("解聘日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "考评员"
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "person"], name="uniq_examiner"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_grade_display()}）"

    @property
    def card_valid_until(self) -> date:
        """PEOPLE-05: the card is valid 3 years from its issue; this is the first day it is not."""
        return add_years(self.card_issued_on, TERM_YEARS)

    @property
    def contract_until(self) -> date:
        """PEOPLE-05: the appointment term is 3 years."""
        return add_years(self.contract_start, TERM_YEARS)

    def years_of_experience(self, day: date) -> int:
        return full_years(self.first_assessed_on, day)


class ExaminerEvaluation(models.Model):
    """An examiner's annual evaluation (年度考核, PEOPLE-06)."""

    EXCELLENT, GOOD, PASS, FAIL = "excellent", "good", "pass", "fail"
    GRADES = [(EXCELLENT, "优秀"), (GOOD, "良好"), (PASS, "合格"), (FAIL, "不合格")]

    examiner = models.ForeignKey(
        Examiner, verbose_name="考评员", on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField("年度")
    score = models.DecimalField("考核分数", max_digits=5, decimal_places=1)
    assignments = models.PositiveSmallIntegerField("本年度参加考评次数")
    missed_in_row = models.PositiveSmallIntegerField("最多连续缺席考评任务次数", default=0)
    grade = models.CharField("考核等次", max_length=10, choices=GRADES)
    note = models.CharField("说明", max_length=200, blank=True)
    # PEOPLE-11: how many sittings' 认定表 the score is the mean of; 0 = typed by hand (a
    # year with no sitting served in the system).
    rated_sittings = models.PositiveSmallIntegerField("认定表批次数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "考评员年度考核"
        ordering = ["examiner", "year"]
        constraints = [
            models.UniqueConstraint(fields=["examiner", "year"], name="uniq_examiner_year"),
        ]

    def __str__(self) -> str:
        return f"{self.examiner} {self.year} {self.get_grade_display()}"


class QualitySupervisor(models.Model):
    """质量督导员, internal or sent by the authority (PEOPLE-07)."""

    INTERNAL, EXTERNAL = "internal", "external"
    KINDS = [(INTERNAL, "内部质量督导员"), (EXTERNAL, "外部质量督导员")]

    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name="机构",
        on_delete=models.PROTECT,
        related_name="quality_supervisors",
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="supervisor_roles"
    )
    kind = models.CharField("类别", max_length=10, choices=KINDS, default=INTERNAL)
    assessment_since = models.DateField("从事鉴定（评价）工作起始日期")
    card_number = models.CharField("督导员证号", max_length=40)
    card_issued_on = models.DateField("发证日期")
    active = models.BooleanField("在任", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "质量督导员"
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "person"], name="uniq_supervisor"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_kind_display()}）"

    @property
    def card_valid_until(self) -> date:
        return add_years(self.card_issued_on, TERM_YEARS)  # PEOPLE-07: card valid 3 years


class Expert(models.Model):
    """专家 of an institution's expert pool, for an occupation (PEOPLE-08)."""

    BACHELOR, MASTER, DOCTOR, BELOW = "bachelor", "master", "doctor", "below"
    DEGREES = [(BELOW, "本科以下"), (BACHELOR, "本科"), (MASTER, "硕士研究生"), (DOCTOR, "博士")]

    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name="机构",
        on_delete=models.PROTECT,
        related_name="experts",
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="expert_roles"
    )
    occupation = models.ForeignKey(
        "catalog.Occupation", verbose_name="职业", on_delete=models.PROTECT, related_name="+"
    )
    degree = models.CharField("学历", max_length=10, choices=DEGREES)
    skill_level = models.PositiveSmallIntegerField(
        "本职业技能等级", choices=SKILL_LEVELS, null=True, blank=True
    )
    title = models.CharField("专业技术职称", max_length=12, choices=PRO_TITLES, blank=True)
    assessment_since = models.DateField("从事鉴定（评价）工作起始日期")
    is_group_leader = models.BooleanField("专家组组长", default=False)
    examiner_since = models.DateField("担任考评员起始日期", null=True, blank=True)
    is_senior_examiner = models.BooleanField("高级考评员", default=False)
    term_start = models.DateField("聘期起始日期")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "专家"
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "person", "occupation"], name="uniq_expert"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.occupation.name}专家）"

    @property
    def term_until(self) -> date:
        return add_years(self.term_start, TERM_YEARS)  # PEOPLE-08: term 3 years


class ExamStaff(models.Model):
    """考务人员 and managers of an institution (PEOPLE-10, ARR-03, ARR-04)."""

    SITE_LEADER, EXAM_AFFAIRS, PROCTOR = "site_leader", "exam_affairs", "proctor"
    ACCOUNTING, ARCHIVES, INFORMATION = "accounting", "archives", "information"
    ROLES = [
        (SITE_LEADER, "考场负责人"),
        (EXAM_AFFAIRS, "考务人员"),
        (PROCTOR, "监考员"),
        (ACCOUNTING, "财务管理人员"),
        (ARCHIVES, "档案管理人员"),
        (INFORMATION, "信息管理人员"),
    ]
    TITLES = [("", "无"), ("initial", "初级职称"), *PRO_TITLES]

    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name="机构",
        on_delete=models.PROTECT,
        related_name="exam_staff",
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="staff_roles"
    )
    role = models.CharField("岗位", max_length=16, choices=ROLES)
    title = models.CharField("职称", max_length=12, choices=TITLES, blank=True)
    active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "考务人员"
        ordering = ["role", "person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "person", "role"], name="uniq_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_role_display()}）"


class Relative(models.Model):
    """A family relation between two persons, recorded by an institution (ARR-08 回避)."""

    KINDS = [
        ("spouse", "配偶"),
        ("parent_child", "父母子女"),
        ("sibling", "兄弟姐妹"),
        ("other", "其他近亲属"),
    ]

    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name="机构",
        on_delete=models.CASCADE,
        related_name="relatives",
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.CASCADE, related_name="relatives_from"
    )
    relative = models.ForeignKey(
        Person, verbose_name="亲属", on_delete=models.CASCADE, related_name="relatives_to"
    )
    kind = models.CharField("关系", max_length=16, choices=KINDS)

    class Meta:
        verbose_name = verbose_name_plural = "亲属关系"
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "person", "relative"], name="uniq_relative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}—{self.relative.name}（{self.get_kind_display()}）"


class TaughtClass(models.Model):
    """A class a teacher teaches; matched against Registration.class_name (ARR-08)."""

    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name="机构",
        on_delete=models.CASCADE,
        related_name="taught_classes",
    )
    teacher = models.ForeignKey(
        Person, verbose_name="任课教师", on_delete=models.CASCADE, related_name="taught_classes"
    )
    class_name = models.CharField("班级", max_length=60)

    class Meta:
        verbose_name = verbose_name_plural = "任课班级"
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "teacher", "class_name"], name="uniq_taught_class"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher.name}：{self.class_name}"


class AccountOpening(models.Model):
    """A login opened by a manager for a person of the institution (开通账号, issue 16 item
    21): the temporary password must be changed at the first login."""

    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name="机构",
        on_delete=models.CASCADE,
        related_name="account_openings",
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.CASCADE, related_name="account_openings"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.CASCADE,
        related_name="account_opening",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="开通人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField("开通时间", auto_now_add=True)
    must_change_password = models.BooleanField("首次登录须修改密码", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "开通账号记录"

    def __str__(self) -> str:
        return f"{self.person.name}：{self.user}"


class ClaimCode(models.Model):
    """A one-time code (认领码) an institution member hands to a person so that they, and only
    they, can link their own account to the person on file (PEOPLE-01, issue 16): sign-up
    alone never links to an existing person. Only a keyed hash of the code is stored."""

    # A reset code for a staff login with no person on file (考务, 督导员, 考评员 accounts,
    # issue 16 item 16) names the account instead of a person.
    person = models.ForeignKey(
        Person,
        verbose_name="人员",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="claim_codes",
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="重置账号",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name="签发机构",
        on_delete=models.CASCADE,
        related_name="+",
    )
    code_hash = models.CharField("认领码哈希", max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField("签发时间", auto_now_add=True)
    expires_at = models.DateTimeField("失效时间")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="使用账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked = models.BooleanField("已作废", default=False)
    # The same one-time code, issued by the institution, also resets the password of the
    # person's account for users without e-mail (issue 16 item 16).
    CLAIM, RESET = "claim", "reset"
    PURPOSES = [(CLAIM, "认领档案"), (RESET, "重置密码")]
    purpose = models.CharField("用途", max_length=8, choices=PURPOSES, default=CLAIM)

    class Meta:
        verbose_name = verbose_name_plural = "认领码/重置码"
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        who = self.person or self.account
        return f"{who} {self.get_purpose_display()}（{self.issued_at:%Y-%m-%d %H:%M}）"
