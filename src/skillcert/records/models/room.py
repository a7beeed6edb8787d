"""The room record (考场情况记录表, REC-10): one per room and sitting, started from the seating
plan; attendance per seat, violations recorded there (the Violation itself lives in the
violations app), incidents noted, and the seal and count at the end."""

from django.conf import settings
from django.db import models

from skillcert.arrangement.models import Room, Seat
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration, Sitting
from skillcert.violations.models import Violation


class RoomRecord(models.Model):
    OPEN, SEALED = "open", "sealed"
    STATUSES = [(OPEN, "记录中"), (SEALED, "已封存")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="room_records"
    )
    room = models.ForeignKey(Room, verbose_name="考场", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=8, choices=STATUSES, default=OPEN)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="建表人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField("建表时间", auto_now_add=True)
    incidents = models.TextField("突发事件记录", max_length=2000, blank=True)
    papers_collected = models.PositiveIntegerField("收回试卷（答题卡）份数", null=True, blank=True)
    seal_number = models.CharField("密封袋编号", max_length=40, blank=True)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="封存人（监考员）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sealed_at = models.DateTimeField("封存时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "考场情况记录表"
        ordering = ["sitting", "room__number"]
        constraints = [models.UniqueConstraint(fields=["sitting", "room"], name="uniq_room_record")]

    def __str__(self) -> str:
        return f"{self.sitting} {self.room} 考场情况记录表"

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k, _ in RoomAttendance.STATUSES}
        for row in self.attendance.all():
            out[row.status] += 1
        return out


class RoomAttendance(models.Model):
    """One seat of the room's seating plan and what happened to its candidate."""

    PENDING, PRESENT, ABSENT, LATE = "pending", "present", "absent", "late"
    STATUSES = [(PENDING, "未登记"), (PRESENT, "已签到"), (ABSENT, "缺考"), (LATE, "迟到拒入")]

    record = models.ForeignKey(
        RoomRecord, verbose_name="记录表", on_delete=models.CASCADE, related_name="attendance"
    )
    registration = models.ForeignKey(
        Registration, verbose_name="报名", on_delete=models.PROTECT, related_name="+"
    )
    seat = models.ForeignKey(
        Seat, verbose_name="座位", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    seat_no = models.PositiveSmallIntegerField("座位号")
    ticket_number = models.CharField("准考证号", max_length=15)
    status = models.CharField("签到情况", max_length=8, choices=STATUSES, default=PENDING)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField("登记时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "考场签到"
        ordering = ["record", "seat_no"]
        constraints = [
            models.UniqueConstraint(fields=["record", "registration"], name="uniq_room_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.ticket_number} {self.get_status_display()}"


class RoomViolation(models.Model):
    """A violation written on the room record: the proctor signs it, the candidate confirms
    it by signing or the refusal to sign is noted (REC-10); the violation row is the
    violations app's."""

    record = models.ForeignKey(
        RoomRecord, verbose_name="记录表", on_delete=models.PROTECT, related_name="violations"
    )
    violation = models.OneToOneField(
        Violation, verbose_name="违纪违规", on_delete=models.PROTECT, related_name="+"
    )
    proctor_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="监考员签字",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proctor_signed_at = models.DateTimeField("监考员签字时间", auto_now_add=True)
    candidate_signed = models.BooleanField("考生签字确认", default=False)
    candidate_refusal = models.CharField("考生拒绝签字情况", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "考场违纪记录"
        ordering = ["record", "id"]

    def __str__(self) -> str:
        return f"{self.record} 违纪 {self.violation_id}"
