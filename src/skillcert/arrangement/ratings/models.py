"""The 考评人员认定表 of a sitting (PEOPLE-11). Imported by arrangement.models.

004 考评员年度考核制度 一: after each sitting the exam-affairs staff or a supervisor writes an
opinion on each examiner's work on the 认定表; 四: the year's grade is the (weighted) mean of
those scores. The seed lists no items for the form, so a rating is one score (0–100, one
decimal) and the written opinion (认定意见)."""

from django.conf import settings
from django.db import models

from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting


class ExaminerRating(models.Model):
    """One examiner's rating for one sitting they served; a later change is a correction
    (same row, `revision` + 1, reason kept and audited)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="批次", on_delete=models.PROTECT, related_name="examiner_ratings"
    )
    examiner = models.ForeignKey(
        "people.Examiner",
        verbose_name="考评员",
        on_delete=models.PROTECT,
        related_name="sitting_ratings",
    )
    score = models.DecimalField("认定分数", max_digits=4, decimal_places=1)
    remark = models.CharField("认定意见", max_length=500, blank=True)
    revision = models.PositiveSmallIntegerField("修订次数", default=1)
    correction_reason = models.CharField("更正理由", max_length=200, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="认定人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rated_at = models.DateTimeField("认定时间")

    class Meta:
        verbose_name = verbose_name_plural = "考评人员认定"
        ordering = ["sitting", "examiner"]
        constraints = [
            # PEOPLE-11: one 认定表 row per sitting and examiner; re-rating corrects it.
            models.UniqueConstraint(fields=["sitting", "examiner"], name="uniq_examiner_rating")
        ]

    def __str__(self) -> str:
        return f"{self.sitting} {self.examiner} {self.score}"
