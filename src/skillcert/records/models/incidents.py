"""Incidents of a sitting (REC-05): major or general (002 应急预案), the first report within
10 minutes of discovery (a later one is kept and shown overdue), staged reports while it
lasts, a final report with cause, handling, result and impact. Online and paper sittings
alike; the extra time of an online stoppage stays in exams (EXAM-10)."""

from django.conf import settings
from django.db import models

from skillcert.arrangement.models import Room
from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting

MAJOR, GENERAL = "major", "general"
SEVERITIES = [(MAJOR, "重大事件"), (GENERAL, "一般事件")]

# The examples of 002 应急预案 (三、事件确认), code -> (severity, label).
CATEGORIES = {
    "m_leak": (MAJOR, "试卷被盗、丢失、私自拆启等造成泄密"),
    "m_damage": (MAJOR, "试卷保管期间遭受水、火灾致使损坏"),
    "m_transport": (MAJOR, "试卷不能按时运抵或大量考生无法按时到达"),
    "m_disorder": (MAJOR, "两个以上考场秩序混乱、大面积舞弊"),
    "m_terror": (MAJOR, "恐怖性事件"),
    "m_illness": (MAJOR, "考生危重疾病或疑似感染流行性疾病"),
    "m_disaster": (MAJOR, "地震、台风、火灾、洪水等自然灾害"),
    "m_other": (MAJOR, "其他影响严重的重大突发性事件"),
    "g_paper": (GENERAL, "试卷科目不符、少装、缺页，光盘磁带无显示无声音"),
    "g_item_error": (GENERAL, "试卷试题出现明显错误"),
    "g_power": (GENERAL, "断电、停电及设备故障"),
    "g_computer": (GENERAL, "计算机考试出现病毒、软件和网络故障"),
    "g_lost_paper": (GENERAL, "考后试卷或答题卡丢失、被考生带走"),
    "g_video_gap": (GENERAL, "视频监控缺失（REC-11）"),
    "g_other": (GENERAL, "其他有一定影响的突发性事件"),
}
CATEGORY_CHOICES = [(code, label) for code, (_, label) in CATEGORIES.items()]


class Incident(models.Model):
    """One incident and its first report (REC-05)."""

    THEORY_PAPER, THEORY_ONLINE, PRACTICAL = "paper", "online", "practical"
    FORMS = [(THEORY_PAPER, "纸笔考试"), (THEORY_ONLINE, "机考"), (PRACTICAL, "操作技能考核")]
    OPEN, CLOSED = "open", "closed"
    STATUSES = [(OPEN, "处理中"), (CLOSED, "已结案")]
    MANUAL, VIDEO = "manual", "video"
    SOURCES = [(MANUAL, "现场报告"), (VIDEO, "监控覆盖检查")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="incidents"
    )
    room = models.ForeignKey(
        Room, verbose_name="考场", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exam_form = models.CharField("考试形式", max_length=10, choices=FORMS)
    category = models.CharField("事件类别", max_length=16, choices=CATEGORY_CHOICES)
    severity = models.CharField("事件等级", max_length=8, choices=SEVERITIES)
    source = models.CharField("来源", max_length=8, choices=SOURCES, default=MANUAL)
    occurred_at = models.DateTimeField("发生时间")
    discovered_at = models.DateTimeField("发现时间")
    reported_at = models.DateTimeField("初次报告时间")
    report_minutes = models.PositiveIntegerField("发现至初次报告（分钟）")
    report_late = models.BooleanField("初次报告超时", default=False)  # REC-05: > 10 minutes
    description = models.TextField("初次报告内容")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报告人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField("状态", max_length=8, choices=STATUSES, default=OPEN)
    cause = models.TextField("事件原因", blank=True)
    handling = models.TextField("处理经过", blank=True)
    result = models.TextField("处理结果", blank=True)
    impact = models.TextField("影响", blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="结案人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    digest = models.CharField("检查摘要", max_length=64, blank=True)  # video gaps raised once

    class Meta:
        verbose_name = verbose_name_plural = "突发事件"
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["sitting", "source", "digest"])]

    def __str__(self) -> str:
        return f"{self.get_severity_display()} {self.get_category_display()}"


class IncidentStage(models.Model):
    """A staged report (阶段性报告) while the incident lasts (REC-05)."""

    incident = models.ForeignKey(
        Incident, verbose_name="突发事件", on_delete=models.CASCADE, related_name="stages"
    )
    at = models.DateTimeField("报告时间")
    text = models.TextField("事态发展与处理")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报告人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "突发事件阶段性报告"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.at:%m-%d %H:%M}"
