"""Checks of the free texts and times the records parts take (incidents, video, complaints,
supervision report): one Chinese message naming the field, nothing written."""

from datetime import datetime, timedelta

from django.utils import timezone

from skillcert.core.errors import DomainError

TEXT_MAX = 4000
SHORT_MAX = 100
CLOCK_SKEW = timedelta(minutes=5)


def user_or_none(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def text(value, *, field: str, label: str, max_length: int = TEXT_MAX, required=True) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if "\x00" in value:
        raise DomainError(field, f"{label}含有不可见的控制字符", field=field)
    if required and not value:
        raise DomainError(field, f"请填写{label}", field=field)
    if len(value) > max_length:
        raise DomainError(f"{field}_long", f"{label}不能超过{max_length}字", field=field)
    return value


def moment(value, *, field: str, label: str, not_future: bool = True) -> datetime:
    if not isinstance(value, datetime):
        raise DomainError(field, f"请填写{label}", field=field)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if not_future and value > timezone.now() + CLOCK_SKEW:
        raise DomainError(f"{field}_future", f"{label}不能晚于现在", field=field)
    return value
