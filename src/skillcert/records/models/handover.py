"""Certificates handed over (CERT-09) and public void notices before a replacement (CERT-10)."""

from django.conf import settings
from django.db import models

from skillcert.certificates.models import Certificate, IssueRegister
from skillcert.institutions.models import Institution


class HandoverSignature(models.Model):
    """One line of an issue register's signature list (证书领取签收表, CERT-09)."""

    HOLDER, AGENT = "holder", "agent"
    SIGNERS = [(HOLDER, "本人"), (AGENT, "委托代领人")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    register = models.ForeignKey(
        IssueRegister, verbose_name="核发名册", on_delete=models.CASCADE, related_name="+"
    )
    certificate = models.OneToOneField(
        Certificate, verbose_name="证书", on_delete=models.PROTECT, related_name="+"
    )
    signer = models.CharField("签收人", max_length=8, choices=SIGNERS)
    agent_name = models.CharField("代领人姓名", max_length=50, blank=True)
    agent_relation = models.CharField("与持证人关系", max_length=30, blank=True)
    signed_on = models.DateField("签收日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发放人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "证书领取签收"
        ordering = ["certificate__number"]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.get_signer_display()} {self.signed_on}"

    @property
    def signed_by(self) -> str:
        if self.signer == self.AGENT:
            return f"{self.agent_name}（代领，{self.agent_relation}）"
        return "本人"


class VoidNotice(models.Model):
    """The public declaration that a lost certificate is void (声明作废, CERT-10)."""

    NEWSPAPER, PLATFORM = "newspaper", "platform"
    MEDIA = [(NEWSPAPER, "登报声明作废"), (PLATFORM, "平台公告")]

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="+"
    )
    certificate = models.ForeignKey(
        Certificate, verbose_name="证书", on_delete=models.PROTECT, related_name="+"
    )
    medium = models.CharField("声明方式", max_length=10, choices=MEDIA)
    publication = models.CharField("报刊或平台名称", max_length=100)
    published_on = models.DateField("声明日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "证书作废声明"
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_medium_display()} {self.publication} {self.published_on}"
