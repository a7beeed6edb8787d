"""Paper-exam records (EXAM-11, EXAM-12): the return register of a room's papers, the
item-error report, the pledges signed before access to papers, the paper store's duty log."""

from django.conf import settings
from django.db import models

from skillcert.arrangement.models import Room
from skillcert.institutions.models import Institution
from skillcert.itembank.models import Paper
from skillcert.plans.models import Sitting


def _user(verbose_name: str, **kw):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name="+",
        **kw,
    )


class ReturnRegister(models.Model):
    """试卷回收登记表 of one room (EXAM-11): papers and answer cards issued, and counted back as
    used, spare and blank (the counts add up to the issue), sealed, signed by the proctor who
    returns them and the paper-store keeper who receives them (two persons)."""

    RETURNED, RECEIVED = "returned", "received"
    STATUSES = [(RETURNED, "已交回待接收"), (RECEIVED, "已接收")]
    COUNTS = (
        "papers_issued",
        "papers_used",
        "papers_spare",
        "papers_blank",
        "cards_issued",
        "cards_used",
        "cards_spare",
        "cards_blank",
    )

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="return_registers"
    )
    room = models.ForeignKey(Room, verbose_name="考场", on_delete=models.PROTECT, related_name="+")
    papers_issued = models.PositiveIntegerField("领取试卷")
    papers_used = models.PositiveIntegerField("已用试卷")
    papers_spare = models.PositiveIntegerField("备用试卷")
    papers_blank = models.PositiveIntegerField("空白试卷")
    cards_issued = models.PositiveIntegerField("领取答题卡")
    cards_used = models.PositiveIntegerField("已用答题卡")
    cards_spare = models.PositiveIntegerField("备用答题卡")
    cards_blank = models.PositiveIntegerField("空白答题卡")
    seal_number = models.CharField("密封编号", max_length=40)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=RETURNED)
    returned_by = _user("交回人（监考员）", null=True)
    returned_at = models.DateTimeField("交回时间", auto_now_add=True)
    received_by = _user("接收人（保密室）", null=True, blank=True)
    received_at = models.DateTimeField("接收时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "试卷回收登记表"
        ordering = ["sitting", "room__number"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "room"], name="uniq_return_register")
        ]

    def __str__(self) -> str:
        return f"{self.sitting} {self.room} 试卷回收登记"


class ItemErrorReport(models.Model):
    """试题差错报告单 (EXAM-11): an error found in a paper during the sitting, and its handling."""

    OPEN, HANDLED = "open", "handled"
    STATUSES = [(OPEN, "待处理"), (HANDLED, "已处理")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="item_error_reports"
    )
    room = models.ForeignKey(
        Room, verbose_name="考场", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paper = models.ForeignKey(
        Paper,
        verbose_name="试卷",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    question_no = models.PositiveSmallIntegerField("题号")
    description = models.TextField("差错情况", max_length=1000)
    reported_by = _user("报告人", null=True)
    reported_at = models.DateTimeField("报告时间", auto_now_add=True)
    status = models.CharField("状态", max_length=8, choices=STATUSES, default=OPEN)
    handling = models.TextField("处理意见", max_length=1000, blank=True)
    handled_by = _user("处理人", null=True, blank=True)
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "试题差错报告"
        ordering = ["sitting", "-reported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sitting} 第{self.question_no}题差错报告"


class Pledge(models.Model):
    """A person's signed pledge (EXAM-12): the responsibility pledge of item writers and
    paper makers (命题、制卷责任书) or the confidentiality agreement of graders (阅卷保密协议).
    Signed by the person with their own login, valid for the institution until `valid_until`."""

    WRITER, MAKER, GRADER = "writer", "maker", "grader"
    KINDS = [
        (WRITER, "命题人员责任书"),
        (MAKER, "制卷人员责任书"),
        (GRADER, "阅卷人员保密协议"),
    ]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    user = _user("签署人")
    kind = models.CharField("类别", max_length=8, choices=KINDS)
    text = models.TextField("承诺内容")
    signed_at = models.DateTimeField("签署时间", auto_now_add=True)
    valid_until = models.DateField("有效期至")

    class Meta:
        verbose_name = verbose_name_plural = "保密承诺书"
        ordering = ["institution", "user", "kind", "-signed_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()}"


class DutyLog(models.Model):
    """One duty of the paper store (保密室值班记录, EXAM-12): two different persons on duty,
    each signing with their own login."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField("值班日期")
    shift = models.CharField("班次", max_length=20)
    first = _user("值班人一")
    second = _user("值班人二")
    first_signed_at = models.DateTimeField("值班人一签字时间", auto_now_add=True)
    second_signed_at = models.DateTimeField("值班人二签字时间", null=True, blank=True)
    notes = models.TextField("值班情况（门窗、封条、监控、钥匙）", max_length=1000)

    class Meta:
        verbose_name = verbose_name_plural = "保密室值班记录"
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return f"{self.day} {self.shift} 保密室值班"

    @property
    def signed(self) -> bool:
        return self.second_signed_at is not None
