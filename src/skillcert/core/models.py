from django.conf import settings
from django.db import models

from . import audit_actions


class Holiday(models.Model):
    """A day whose working status overrides the official calendar package (PLAN-03).

    For years chinese-calendar does not know yet, the State Council's notice is entered
    here: holidays (is_workday=False) and make-up working weekends (is_workday=True).
    """

    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日", default=False)
    name = models.CharField("名称", max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日调整"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name} {'上班' if self.is_workday else '休息'}"


class AuditEntry(models.Model):
    """One link of the append-only audit chain (REC-09); `hash` covers `prev_hash`."""

    at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("操作人名称", max_length=150)
    institution_id = models.BigIntegerField("机构", null=True, blank=True, db_index=True)
    action = models.CharField("操作", max_length=60, db_index=True)
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象", max_length=64, db_index=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    prev_hash = models.CharField("前一哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action_label} {self.object_type}:{self.object_id}"

    @property
    def action_label(self) -> str:
        """The Chinese name of the action; old names of stored entries map too."""
        return audit_actions.label(self.action)


class AuditHead(models.Model):
    """A single row locked while appending, so concurrent writers extend one chain.

    The epoch (REC-09): entries up to `epoch_id` were written before the chain was keyed and
    verify with plain SHA-256; every later entry is an HMAC under settings.AUDIT_KEY. `mac`
    keys the epoch and the last hash, so neither can be moved to pass off re-hashed entries.
    """

    last_hash = models.CharField(max_length=64, default="0" * 64)
    epoch_id = models.BigIntegerField("无密钥段末条", default=0)
    epoch_hash = models.CharField("无密钥段末哈希", max_length=64, default="0" * 64)
    mac = models.CharField("链头校验码", max_length=64, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return self.last_hash


class BackgroundJob(models.Model):
    """The shape every long job shares (roster imports, batch PDFs): a status a page polls,
    who started it, and when it started and ended. Subclasses say what progress counts."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "排队中"), (RUNNING, "处理中"), (DONE, "已完成"), (FAILED, "失败")]

    status = models.CharField("状态", max_length=10, choices=STATUSES, default=QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def progress(self) -> tuple[int, int]:
        """(done, total) for the progress bar."""
        raise NotImplementedError

    @property
    def percent(self) -> int:
        done, total = self.progress()
        return int(100 * done / total) if total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)

    ABANDONED = "处理中断（后台进程已退出），未保存任何结果，请重新提交"

    @classmethod
    def failure_fields(cls, message: str) -> dict:
        """The fields that carry a failure message, per kind of job."""
        return {}

    @classmethod
    def fail_abandoned(cls, *, started_before) -> int:
        """Fail jobs a killed worker left queued or running; their pages stop polling."""
        from django.utils import timezone

        return cls.objects.filter(
            status__in=(cls.QUEUED, cls.RUNNING), created_at__lt=started_before
        ).update(status=cls.FAILED, finished_at=timezone.now(), **cls.failure_fields(cls.ABANDONED))
