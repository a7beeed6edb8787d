"""Practical scoring by examiner panels (技能考核评分): SCORE-03, EXAM-09, ARR-05.

A sitting's panel (考评组) is taken from its staffing plan: the examiners of the sitting's
occupation, the plan's leader (ARR-05), and a designated checker (汇总记分员). The practical
assessment is split into modules (AssessmentModule), each scored against its items
(ScoringItem). Candidates are known to the panel by a random work number only (WorkNumber,
EXAM-09 / ARR-09) until the scores are locked.

A panel's module score for a candidate is a ScoreVersion holding every member's points for
every item (ItemScore). It counts only once every member has signed it (Signature, made by
re-entering the member's own password): SCORE-03. A change after anyone signed creates a new
version, which again counts only when every member has signed; until then the last fully
signed version stays the valid score. The checker confirms the tally (TallyCheck) and the
leader signs the summary (SummarySignature); only then is the practical score written to
scoring.Result, and the panel is locked (names revealed to the panel, EXAM-09).

A candidate who did not take the practical assessment is recorded as absent (Absence) by the
leader or a manager before the summary; no scores are needed and the summary writes 缺考
(SCORE-01). Nobody can record an absence once any member signed a score of the candidate.
"""

from django.conf import settings
from django.db import models

from skillcert.catalog.models import Occupation
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration, Sitting


class Panel(models.Model):
    """The examiner panel (考评组) of a sitting's occupation, from its staffing plan (ARR-05)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.CASCADE, related_name="panels"
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name="职业", on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        "people.Person", verbose_name="考评组长", on_delete=models.PROTECT, related_name="+"
    )
    checker = models.ForeignKey(
        "people.Person",
        verbose_name="成绩核对人（汇总记分员）",
        on_delete=models.PROTECT,
        related_name="+",
    )
    locked_at = models.DateTimeField("成绩锁定时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="设置人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "考评组"
        constraints = [
            models.UniqueConstraint(fields=["sitting", "occupation"], name="uniq_panel_sitting")
        ]

    def __str__(self) -> str:
        return f"{self.sitting} {self.occupation.name}考评组"


class PanelMember(models.Model):
    """An examiner on the panel, taken from the sitting's staffing plan."""

    panel = models.ForeignKey(
        Panel, verbose_name="考评组", on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="考评员", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "考评组成员"
        ordering = ["panel", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "person"], name="uniq_panel_member")
        ]

    def __str__(self) -> str:
        return f"{self.panel} {self.person.name}"


class AssessmentModule(models.Model):
    """A module (考核模块) of the practical assessment; its weight counts towards 100."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    panel = models.ForeignKey(
        Panel, verbose_name="考评组", on_delete=models.CASCADE, related_name="modules"
    )
    name = models.CharField("模块名称", max_length=100)
    order = models.PositiveSmallIntegerField("顺序", default=1)
    weight = models.DecimalField(
        "权重（占技能成绩的分值）", max_digits=5, decimal_places=1, help_text="各模块合计100"
    )

    class Meta:
        verbose_name = verbose_name_plural = "考核模块"
        ordering = ["panel", "order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def full_points(self):
        return sum((i.max_points for i in self.items.all()), start=0)


class ScoringItem(models.Model):
    """One scoring item (评分项) of a module with its maximum points."""

    module = models.ForeignKey(
        AssessmentModule, verbose_name="考核模块", on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField("顺序", default=1)
    description = models.CharField("评分项", max_length=200)
    max_points = models.DecimalField("配分", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = verbose_name_plural = "评分项"
        ordering = ["module", "order", "id"]

    def __str__(self) -> str:
        return f"{self.description}（{self.max_points}分）"


class WorkNumber(models.Model):
    """The random work number (作品号/密号) a candidate is known by while grading (EXAM-09)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.CASCADE, related_name="+"
    )
    registration = models.OneToOneField(
        Registration, verbose_name="报名", on_delete=models.CASCADE, related_name="work_number"
    )
    number = models.CharField("作品号", max_length=6)

    class Meta:
        verbose_name = verbose_name_plural = "作品号"
        ordering = ["sitting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "number"], name="uniq_work_number")
        ]

    def __str__(self) -> str:
        return self.number


class ScoreVersion(models.Model):
    """One version of the panel's score of a candidate in a module (SCORE-03): valid once
    every member has signed it; a change after a signature is a new version."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    panel = models.ForeignKey(
        Panel, verbose_name="考评组", on_delete=models.CASCADE, related_name="versions"
    )
    module = models.ForeignKey(
        AssessmentModule,
        verbose_name="考核模块",
        on_delete=models.CASCADE,
        related_name="versions",
    )
    registration = models.ForeignKey(
        Registration, verbose_name="报名", on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveIntegerField("版本号")
    reason = models.CharField("修改理由", max_length=200, blank=True)
    total = models.DecimalField(
        "模块得分（成员合计分的平均）", max_digits=6, decimal_places=2, null=True, blank=True
    )
    valid_at = models.DateTimeField("生效时间（全体签名）", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "模块成绩版本"
        ordering = ["module", "registration", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "registration", "number"], name="uniq_score_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.module} #{self.registration_id} v{self.number}"


class ItemScore(models.Model):
    """One member's points for one item in one version (points ≤ the item's maximum)."""

    version = models.ForeignKey(
        ScoreVersion, verbose_name="成绩版本", on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        "people.Person", verbose_name="考评员", on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        ScoringItem, verbose_name="评分项", on_delete=models.CASCADE, related_name="+"
    )
    points = models.DecimalField("得分", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = verbose_name_plural = "评分记录"
        constraints = [
            models.UniqueConstraint(fields=["version", "member", "item"], name="uniq_item_score")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.points}"


class Signature(models.Model):
    """A member's electronic signature of a version, by re-entering their password (SCORE-03)."""

    version = models.ForeignKey(
        ScoreVersion, verbose_name="成绩版本", on_delete=models.CASCADE, related_name="signatures"
    )
    member = models.ForeignKey(
        "people.Person", verbose_name="签名考评员", on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签名账号",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content = models.CharField("签名内容摘要", max_length=64)
    signed_at = models.DateTimeField("签名时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "成绩签名"
        constraints = [models.UniqueConstraint(fields=["version", "member"], name="uniq_signature")]

    def __str__(self) -> str:
        return f"{self.member.name} 签名 {self.version}"


class TallyCheck(models.Model):
    """The designated checker's confirmation of the tally (成绩统计校对, SCORE-03)."""

    panel = models.ForeignKey(
        Panel, verbose_name="考评组", on_delete=models.CASCADE, related_name="tallies"
    )
    checker = models.ForeignKey(
        "people.Person", verbose_name="核对人", on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签名账号",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    totals = models.JSONField("核对的成绩（作品号→技能成绩）", default=dict)
    digest = models.CharField("成绩摘要", max_length=64)
    checked_at = models.DateTimeField("核对时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "成绩核对"
        ordering = ["panel", "-id"]

    def __str__(self) -> str:
        return f"{self.panel} 核对 {self.checked_at:%Y-%m-%d %H:%M}"


class SummarySignature(models.Model):
    """The panel leader's signature of the score summary (成绩汇总表, SCORE-03)."""

    panel = models.ForeignKey(
        Panel, verbose_name="考评组", on_delete=models.CASCADE, related_name="summaries"
    )
    tally = models.ForeignKey(
        TallyCheck, verbose_name="所依据的核对", on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        "people.Person", verbose_name="考评组长", on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签名账号",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    totals = models.JSONField("汇总成绩（作品号→技能成绩）", default=dict)
    digest = models.CharField("成绩摘要", max_length=64)
    signed_at = models.DateTimeField("签署时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "成绩汇总签署"
        ordering = ["panel", "-id"]

    def __str__(self) -> str:
        return f"{self.panel} 汇总 {self.signed_at:%Y-%m-%d %H:%M}"


class Absence(models.Model):
    """A candidate recorded as absent (缺考) from the practical assessment, by work number,
    before the summary: no scores are needed and the summary writes 缺考 (SCORE-01)."""

    NO_SHOW = "no_show"
    LATE = "late"
    NO_WORK = "no_work"
    OTHER = "other"
    BASES = [
        (NO_SHOW, "未到场"),
        (LATE, "迟到超过规定时间，未准入场"),
        (NO_WORK, "未提交作品（未参加操作考核）"),
        (OTHER, "其他（须说明）"),
    ]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    panel = models.ForeignKey(
        Panel, verbose_name="考评组", on_delete=models.CASCADE, related_name="absences"
    )
    registration = models.ForeignKey(
        Registration, verbose_name="报名", on_delete=models.CASCADE, related_name="+"
    )
    basis = models.CharField("缺考依据", max_length=20, choices=BASES)
    note = models.CharField("说明", max_length=200, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "技能考核缺考"
        ordering = ["panel", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "registration"], name="uniq_panel_absence")
        ]

    def __str__(self) -> str:
        return f"{self.panel} 缺考 #{self.registration_id}"
