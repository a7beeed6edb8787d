"""Form fields that take input as people type it (issue 16 item 6), for every form.

Each cleans through core.normalize before validating, so a name or ID typed with a Chinese
IME's full-width digits, a trailing space or a lower-case x, or a phone pasted from Excel
as 13800138000.0, is accepted and stored in its canonical form.
"""

from django import forms

from .normalize import normalize_id, normalize_phone, normalize_text

PHONE_PATTERN = r"^1\d{10}$"
PHONE_MESSAGE = "手机号应为以1开头的11位数字"


class TextField(forms.CharField):
    """Names and other short text: full-width digits/letters to ASCII, spaces trimmed."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_text(value) if value else value


class IdNumberField(forms.CharField):
    """An ID document number (PEOPLE-01): also no inner spaces and an upper-case X."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_id(value) if value else value


class PhoneField(forms.RegexField):
    """A mainland mobile number; Excel's float form 13800138000.0 loses its '.0'."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": PHONE_MESSAGE})
        super().__init__(PHONE_PATTERN, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_phone(value) if value else value
