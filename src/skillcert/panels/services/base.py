"""What the panel processes share: limits, audit drafts, the signing password check and
its lock (SCORE-03), the panel's member and absent candidates."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from skillcert.core.audit import AuditDraft
from skillcert.core.errors import DomainError
from skillcert.core.lockout import FailureLock
from skillcert.core.rules import rules
from skillcert.people.models import Person
from skillcert.people.selectors import person_of

from ..models import (
    Absence,
    Panel,
)

WORK_NUMBER_DIGITS = 6
MAX_ITEMS = 50
MAX_PASSWORD = 128


def _label(obj) -> str:
    return obj._meta.label_lower


def _draft(panel: Panel, obj, action: str, before=None, after=None) -> AuditDraft:
    return AuditDraft(action, _label(obj), str(obj.pk), panel.institution_id, before, after)


def _decimal(raw, *, field: str, what: str) -> Decimal:
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise DomainError("number_missing", f"{what}未填写", field=field)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DomainError("number_format", f"{what}“{text[:20]}”不是数字", field=field) from None
    if not value.is_finite():
        raise DomainError("number_format", f"{what}“{text[:20]}”不是数字", field=field)
    if value != value.quantize(Decimal("0.1")):
        raise DomainError("number_precision", f"{what}{text}最多保留1位小数", field=field)
    return value


def _sign_lock() -> FailureLock:
    r = rules()
    return FailureLock("panel-sign", r.sign_password_failures, r.sign_lock_minutes)


def _sign_locked(lock: FailureLock, seconds: int) -> DomainError:
    minutes = max(1, -(-seconds // 60))
    until = timezone.localtime() + timedelta(seconds=seconds)
    return DomainError(
        "sign_locked",
        f"{lock.minutes}分钟内密码输错{lock.limit}次，签名已暂停：请{minutes}分钟后"
        f"（{until:%H:%M}以后）再试，或联系机构管理员",
        field="password",
        rule="SCORE-03",
    )


def _signer(actor, password: str, panel: Panel) -> Person:
    """SCORE-03: the signer is the logged-in user, proven again by their password. Wrong
    passwords lock the user's signing for a while (against guessing); a right one before
    the limit clears the count."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise DomainError("signer_login", "请先登录后再签名", rule="SCORE-03")
    lock, key = _sign_lock(), str(actor.pk)
    if seconds := lock.seconds_left(key):
        raise _sign_locked(lock, seconds)  # before the check: a right password does not help
    if not password:  # an empty field is no guess: not counted
        raise DomainError(
            "password_missing",
            "请输入您本人登录系统的密码后再签名",
            field="password",
            rule="SCORE-03",
        )
    if len(password) > MAX_PASSWORD or not actor.check_password(password):
        left = lock.fail(key)
        if not left:
            raise _sign_locked(lock, lock.seconds_left(key))
        raise DomainError(
            "password_wrong",
            "密码不正确，签名未完成：请输入您本人登录系统的密码"
            f"（再输错{left}次将暂停签名{lock.minutes}分钟）",
            field="password",
            rule="SCORE-03",
        )
    lock.clear(key)
    person = person_of(actor, panel.institution)
    if person is None:
        raise DomainError("signer_person", "您的账号未关联人员档案，不能签名", rule="SCORE-03")
    return person


def _locked_panel(panel: Panel) -> Panel:
    return Panel.objects.select_for_update().get(pk=panel.pk)


def _member_ids(panel: Panel) -> set[int]:
    return set(panel.members.values_list("person_id", flat=True))


def _absent_ids(panel: Panel) -> set[int]:
    return set(Absence.objects.filter(panel=panel).values_list("registration_id", flat=True))
