from django.conf import settings
from django.db import models

from skillcert.core import crypto
from skillcert.core.idnumbers import ID_TYPES


class Person(models.Model):
    """A natural person known by an identity document; the number is encrypted at rest."""

    name = models.CharField("姓名", max_length=50)
    id_type = models.CharField("证件类型", max_length=20, choices=ID_TYPES)
    id_number_encrypted = models.TextField("证件号码（密文）")
    id_hash = models.CharField("证件号码哈希", max_length=64, unique=True)
    id_masked = models.CharField("证件号码（脱敏）", max_length=40)
    sex = models.CharField("性别", max_length=1, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    photo = models.ImageField("1寸照片", upload_to="photos/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        verbose_name = verbose_name_plural = "人员"

    def __str__(self) -> str:
        return f"{self.name} {self.id_masked}"

    @property
    def id_number(self) -> str:
        """The clear number; for the certificate PDF and authority reports only, never screens."""
        return crypto.decrypt(self.id_number_encrypted)
