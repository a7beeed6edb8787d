"""Online theory exams (机考): the exam with its sealed paper, each candidate's attempt,
answers saved by autosave, and incidents recorded by the proctor (EXAM-04..10).

Attendance is derived from attempts: a seat of the sitting without an attempt is absent,
an attempt is "signed in", an attempt with `submitted_at` is submitted.
"""

from django.conf import settings
from django.db import models

from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration, Sitting


class Exam(models.Model):
    """One online theory exam of a sitting; the paper is a frozen, sealed copy (EXAM-04)."""

    SCHEDULED, OPEN, CLOSED = "scheduled", "open", "closed"
    STATUSES = [(SCHEDULED, "已封存待开考"), (OPEN, "进行中"), (CLOSED, "已结束")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="exams"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="exams"
    )
    title = models.CharField("考试名称", max_length=150)
    starts_at = models.DateTimeField("开考时间")
    duration_minutes = models.PositiveSmallIntegerField("考试时长（分钟）")
    entry_close_minutes = models.PositiveSmallIntegerField(
        "开考后禁止入场（分钟）", help_text="EXAM-05：开考后超过该时间不得入场，按缺考处理"
    )
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=SCHEDULED)
    sealed_questions = models.BinaryField("试题（密封）")  # EXAM-04: encrypt_bytes(JSON)
    item_ids = models.JSONField("题目编号", default=list)  # not secret; checks saves fast
    total_points = models.DecimalField("卷面总分", max_digits=7, decimal_places=2)
    paper_ref = models.CharField("试卷来源", max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    opened_at = models.DateTimeField("启封时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "机考"
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class ExamAttempt(models.Model):
    """A candidate's attempt: made at the first sign-in (that is attendance, EXAM-05)."""

    SELF, AUTO, FORCED = "self", "auto", "forced"
    SUBMITTED_BY = [(SELF, "考生交卷"), (AUTO, "到时自动交卷"), (FORCED, "监考强制交卷")]

    exam = models.ForeignKey(
        Exam, verbose_name="机考", on_delete=models.CASCADE, related_name="attempts"
    )
    registration = models.ForeignKey(
        Registration, verbose_name="报名", on_delete=models.PROTECT, related_name="exam_attempts"
    )
    started_at = models.DateTimeField("入场时间")
    extra_minutes = models.PositiveSmallIntegerField("补时（分钟）", default=0)  # EXAM-10
    ends_at = models.DateTimeField("结束时间")  # exam end + extra time; read by every save
    order = models.JSONField("乱序（题目与选项）")  # {"items": [...], "options": {...}}
    seed = models.BigIntegerField("乱序种子")
    submitted_at = models.DateTimeField("交卷时间", null=True, blank=True)
    submitted_by = models.CharField(
        "交卷方式", max_length=8, choices=SUBMITTED_BY, blank=True, default=""
    )
    points = models.DecimalField("得分（卷面）", max_digits=7, decimal_places=2, null=True)
    score = models.DecimalField("成绩（百分制）", max_digits=5, decimal_places=1, null=True)
    sign_ins = models.PositiveSmallIntegerField("登录次数", default=1)
    # Issue 16 item 18: where the attempt signed in from, and a second sign-in while the
    # first session was still saving (同一考生存在两个会话), for the proctor's console.
    signin_address = models.CharField("登录地址", max_length=45, blank=True)
    parallel_at = models.DateTimeField("重复会话时间", null=True, blank=True)
    parallel_address = models.CharField("重复会话地址", max_length=45, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "考生作答"
        constraints = [
            models.UniqueConstraint(fields=["exam", "registration"], name="uniq_exam_attempt")
        ]

    def __str__(self) -> str:
        return f"{self.exam} / {self.registration_id}"


class Answer(models.Model):
    """The latest saved answer of one item: autosave keeps the highest `seq` (idempotent)."""

    attempt = models.ForeignKey(
        ExamAttempt, verbose_name="作答", on_delete=models.CASCADE, related_name="answers"
    )
    item_id = models.BigIntegerField("题目编号")
    value = models.JSONField("答案")  # single/multiple: displayed option positions
    seq = models.BigIntegerField("序号")
    saved_at = models.DateTimeField("保存时间")

    class Meta:
        verbose_name = verbose_name_plural = "作答记录"
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item_id"], name="uniq_answer_item")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.item_id}#{self.seq}"


class ExamIncident(models.Model):
    """An incident (computer failure, power cut, virus…) and the time given back (EXAM-10)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    exam = models.ForeignKey(
        Exam, verbose_name="机考", on_delete=models.CASCADE, related_name="incidents"
    )
    room = models.ForeignKey(
        "arrangement.Room",
        verbose_name="考场",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attempt = models.ForeignKey(
        ExamAttempt,
        verbose_name="考生作答",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="incidents",
    )
    note = models.TextField("情况记录")
    minutes_lost = models.PositiveSmallIntegerField("中断时间（分钟）", default=0)
    extra_granted = models.BooleanField("已补时", default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "考场异常记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.exam} {self.note[:20]}"
