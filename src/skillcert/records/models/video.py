"""Video monitoring (REC-11): an index of recordings by room (or practical station) and time
span, each either a file kept through the storage API or a reference to an external NVR or
object store, kept at least five years; exam periods say which room must be watched when."""

from django.conf import settings
from django.db import models

from skillcert.arrangement.models import Room
from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting


class ExamPeriod(models.Model):
    """A room in use for the sitting from `starts_at` to `ends_at` (a paper theory session or
    a practical session); online exams of the sitting count on their own (exams.Exam)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="exam_periods"
    )
    room = models.ForeignKey(Room, verbose_name="考场", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")

    class Meta:
        verbose_name = verbose_name_plural = "考试时段（监控）"
        ordering = ["starts_at", "room__number"]

    def __str__(self) -> str:
        return f"{self.room} {self.starts_at:%m-%d %H:%M}–{self.ends_at:%H:%M}"


class VideoRecording(models.Model):
    """One recording of a room (station empty: the whole room) or one practical station."""

    FILE, EXTERNAL = "file", "external"
    KINDS = [(FILE, "文件（本系统存储）"), (EXTERNAL, "外部存储（NVR/对象存储）")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="video_recordings"
    )
    room = models.ForeignKey(Room, verbose_name="考场", on_delete=models.PROTECT, related_name="+")
    station = models.PositiveSmallIntegerField("工位号", null=True, blank=True)
    starts_at = models.DateTimeField("录像开始")
    ends_at = models.DateTimeField("录像结束")
    kind = models.CharField("存放方式", max_length=8, choices=KINDS)
    file = models.FileField("录像文件（密封）", upload_to="records/video/", blank=True)
    filename = models.CharField("文件名", max_length=200, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    reference = models.CharField("外部存储地址", max_length=500, blank=True)
    retain_until = models.DateField("最早销毁日期")  # REC-11: >= 5 years after the recording
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "监控录像索引"
        ordering = ["room__number", "station", "starts_at"]

    def __str__(self) -> str:
        where = f"{self.room} 工位{self.station}" if self.station else str(self.room)
        return f"{where} {self.starts_at:%m-%d %H:%M}–{self.ends_at:%H:%M}"
