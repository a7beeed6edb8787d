"""开通账号 (issue 16 item 21): a manager opens a login for a person of the institution.

The person gets a username and a temporary password shown once to the manager; the account
becomes a member of the institution with the examiner role (so a panel member can sign,
SCORE-03), and the temporary password must be changed at the first login
(`core`-wide: people.middleware.FirstPasswordMiddleware). Audited, never the password.
"""

import re
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.passwords import password_set
from skillcert.institutions.models import Membership
from skillcert.institutions.services import membership_add

from .models import AccountOpening, Examiner, ExamStaff, Expert, Person, QualitySupervisor

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@+-]{3,40}$")
TEMP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def person_of_institution(institution, person: Person) -> bool:
    """The person is on one of the institution's registers."""
    return any(
        model.objects.filter(institution=institution, person=person).exists()
        for model in (Examiner, QualitySupervisor, Expert, ExamStaff)
    )


def _temporary_password() -> str:
    return "".join(secrets.choice(TEMP_ALPHABET) for _ in range(12))


@transaction.atomic
def person_account_open(*, actor, institution, person: Person, username: str) -> tuple:
    """Open a login for `person`: returns (user, temporary password). Refused when the
    person is not on the institution's registers, already has a login, or the username is
    taken or malformed. Nothing is written on refusal."""
    username = (username or "").strip()
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not person_of_institution(institution, person):
        raise DomainError("account_person", "该人员不在本机构人员名册中", field="person")
    if person.user_id is not None:
        raise DomainError(
            "account_exists", f"{person.name}已有登录账号“{person.user}”", field="username"
        )
    if not USERNAME_RE.match(username):
        raise DomainError(
            "account_username",
            "用户名须为3至40位字母、数字或 _ . @ + -",
            field="username",
        )
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("account_username_taken", f"用户名“{username}”已被使用", field="username")
    password = _temporary_password()
    user = User.objects.create_user(username=username, password=password, first_name=person.name)
    person.user = user
    person.save(update_fields=["user"])
    membership_add(institution=institution, user=user, role=Membership.EXAMINER)
    opening = AccountOpening.objects.create(
        institution=institution,
        person=person,
        user=user,
        opened_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="person.account_open",
        obj=opening,
        after={
            "person": person.pk,
            "username": username,
            "role": Membership.EXAMINER,
            "must_change_password": True,
        },
        institution_id=institution.pk,
    )
    return user, password


def must_change_password(user) -> bool:
    return AccountOpening.objects.filter(user=user, must_change_password=True).exists()


@transaction.atomic
def account_first_password(*, user, old_password: str, new_password: str) -> None:
    """The first login: replace the temporary password (Django's password validators)."""
    if not user.check_password(old_password or ""):
        raise DomainError("password_old", "临时密码不正确", field="old_password")
    if new_password == old_password:
        raise DomainError("password_same", "新密码不能与临时密码相同", field="new_password")
    password_set(user, new_password, field="new_password")
    opening = AccountOpening.objects.select_for_update().get(user=user)
    opening.must_change_password = False
    opening.save(update_fields=["must_change_password"])
    audit_record(
        actor=user,
        action="person.first_password",
        obj=opening,
        after={"must_change_password": False},
        institution_id=opening.institution_id,
    )
