"""Password rules and the password-change page (issue 16 item 16, 等保 2.0 level 3).

- AUTH_PASSWORD_VALIDATORS (settings): length, not like the username, not common, not all
  digits (Django's NumericPasswordValidator: a birthday or a phone number is no password).
- The password-change page counts wrong old passwords with the same FailureLock as the
  other password checks: without it a stolen session could guess the password at leisure.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from .errors import DomainError
from .lockout import FailureLock
from .rules import rules


def user_create(*, username: str, password: str):
    """A new login: the username not blank and not taken (case-insensitive), the password
    through `password_set`; candidate sign-up and institution registration both make theirs
    here (callers are atomic and audit)."""
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        raise DomainError("username_missing", "用户名不能为空", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("username_taken", f"用户名“{username}”已被使用", field="username")
    user = User(username=username)
    password_set(user, password)
    user.save()
    return user


def password_set(user, password: str, *, field: str = "password") -> None:
    """Check `password` against AUTH_PASSWORD_VALIDATORS and set it (saving an existing user;
    a new one is saved by its caller). A weak one is a DomainError naming the field, in the
    validators' Chinese words: sign-up, reset codes and the first password all say the same."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("password_weak", "；".join(exc.messages), field=field) from None
    user.set_password(password)
    if user.pk is not None:
        user.save(update_fields=["password"])


def change_lock() -> FailureLock:
    r = rules()
    return FailureLock("password-change", r.sign_password_failures, r.sign_lock_minutes)


class LockedPasswordChangeForm(PasswordChangeForm):
    """Wrong old passwords count per user; at the limit the form refuses for a while, even
    with the right password (so a guess that hits cannot be told from one that missed)."""

    def clean_old_password(self):
        lock, key = change_lock(), str(self.user.pk)
        if seconds := lock.seconds_left(key):
            raise forms.ValidationError(
                f"原密码输错次数过多，请{max(1, -(-seconds // 60))}分钟后再试", code="locked"
            )
        try:
            value = super().clean_old_password()
        except forms.ValidationError:
            left = lock.fail(key)
            if not left:
                raise forms.ValidationError(
                    f"原密码输错次数过多，请{lock.minutes}分钟后再试", code="locked"
                ) from None
            raise forms.ValidationError(
                f"原密码不正确（再输错{left}次将暂停修改密码{lock.minutes}分钟）",
                code="password_incorrect",
            ) from None
        lock.clear(key)
        return value


class PasswordChange(PasswordChangeView):
    form_class = LockedPasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")
