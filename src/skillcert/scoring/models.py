from django.conf import settings
from django.db import models

from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration


class Result(models.Model):
    """Theory and practical scores of one registration and the pass decision (SCORE-01)."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="results"
    )
    registration = models.OneToOneField(
        Registration, verbose_name="报名", on_delete=models.PROTECT, related_name="result"
    )
    theory_score = models.DecimalField(
        "理论成绩", max_digits=5, decimal_places=1, null=True, blank=True
    )
    theory_absent = models.BooleanField("理论缺考", default=False)
    practical_score = models.DecimalField(
        "技能成绩", max_digits=5, decimal_places=1, null=True, blank=True
    )
    practical_absent = models.BooleanField("技能缺考", default=False)
    passed = models.BooleanField("是否合格", null=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "成绩"

    def __str__(self) -> str:
        return f"{self.registration}: {self.theory_score}/{self.practical_score}"
