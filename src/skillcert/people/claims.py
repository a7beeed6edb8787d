"""Claiming a person on file (认领, PEOPLE-01, issue 16 item 2).

Knowing a name and an ID number proves nothing: both are printed on tickets, rosters and
certificates. So sign-up never links an account to a person already on file. An institution
member who knows the person issues a one-time claim code (valid `claim_code_hours`, stored
only as a keyed hash, single use, audited) and hands it over on paper or reads it out; the
person enters it at sign-up or later on their home page. Issuing a new code voids the old
ones. A claim also moves a person away from an account that linked it by self sign-up before
the institution knew the person (the code is the stronger proof), and says so in the audit.
"""

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import salted_hmac

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.lockout import FailureLock
from skillcert.core.passwords import password_set
from skillcert.core.rules import rules
from skillcert.institutions.models import Membership
from skillcert.institutions.selectors import can_manage

from .models import ClaimCode, Person

# No 0/O, 1/I/L: the code is read out and typed by hand. 10 of 31 symbols ≈ 2^49.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
INVALID = "认领码不正确，请核对机构提供的认领码"


def _normal(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return salted_hmac("skillcert.people.claim", _normal(code)).hexdigest()


def display(code: str) -> str:
    """XXXXX-XXXXX: easier to read out; the dash is ignored when typed."""
    return f"{code[:5]}-{code[5:]}"


def claim_lock() -> FailureLock:
    r = rules()
    return FailureLock("person-claim", r.claim_failures, r.claim_lock_minutes)


def person_of_institution(institution, person_id) -> Person:
    """A person the institution knows (a candidate, examiner, supervisor, expert or staff
    member of it); 404 for anyone else, so no institution can claim-code a stranger."""
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        raise Http404("未找到该人员") from None
    known = (
        Q(registrations__institution=institution)
        | Q(examiner_roles__institution=institution)
        | Q(supervisor_roles__institution=institution)
        | Q(expert_roles__institution=institution)
        | Q(staff_roles__institution=institution)
    )
    person = Person.objects.filter(known, pk=pk).distinct().first() if 0 < pk < 2**63 else None
    if person is None:
        raise Http404("未找到该人员")
    return person


@transaction.atomic
def claim_code_issue(
    *, actor, institution, person: Person, purpose: str = ClaimCode.CLAIM
) -> tuple[ClaimCode, str]:
    """A new one-time code for `person` (the clear code is returned once, never stored):
    a claim code, or (purpose=RESET) a password-reset code for the person's account."""
    if not can_manage(actor, institution):
        raise DomainError(
            "claim_not_manager",
            "只有本机构负责人或考务人员可以生成认领码或重置码",
            rule="PEOPLE-01",
        )
    person = person_of_institution(institution, person.pk)
    if purpose == ClaimCode.RESET and person.user_id is None:
        raise DomainError("reset_no_account", f"{person.name}尚未关联账号，无需重置密码")
    if purpose == ClaimCode.RESET and (why := _rank_refusal(actor, institution, person.user)):
        raise DomainError("reset_not_allowed", f"{person.name}：{why}")
    return _issue(actor=actor, institution=institution, purpose=purpose, person=person)


def _issue(*, actor, institution, purpose: str, person=None, account=None):
    """Void the target's open codes of this purpose, store a new one's hash, audit it."""
    target = {"person": person} if person is not None else {"account": account}
    voided = ClaimCode.objects.filter(
        **target, purpose=purpose, used_at__isnull=True, revoked=False
    ).update(revoked=True)
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    claim = ClaimCode.objects.create(
        **target,
        institution=institution,
        purpose=purpose,
        code_hash=code_hash(code),
        issued_by=actor,
        expires_at=timezone.now() + timedelta(hours=rules().claim_code_hours),
    )
    audit_record(
        actor=actor,
        action=f"person.{purpose}_code_issue" if person is not None else "user.reset_code_issue",
        obj=person if person is not None else account,
        institution_id=institution.pk,
        after={"code": claim.pk, "expires_at": claim.expires_at, "voided": voided},
    )
    return claim, display(code)


def _refuse(user, message: str, *, reason: str, lock_key: str):
    """Count the failure (outside the transaction, so it sticks), audit it, refuse."""
    left = claim_lock().fail(lock_key)
    with transaction.atomic():
        audit_record(actor=user, action="person.claim_refused", obj=user, after={"reason": reason})
    if not left:
        message = f"认领码错误次数过多，请{claim_lock().minutes}分钟后再试"
    raise DomainError("claim_code_invalid", message, field="claim_code", rule="PEOPLE-01")


def person_claim(*, user, code: str) -> Person:
    """Link `user` to the person of the claim code, once; wrong, used and expired codes are
    refused (and counted: `claim_failures` wrong codes lock the account's claims)."""
    lock_key = str(user.pk)
    wait = claim_lock().seconds_left(lock_key)
    if wait:
        raise DomainError(
            "claim_locked",
            f"认领码错误次数过多，请{max(1, wait // 60)}分钟后再试",
            field="claim_code",
            rule="PEOPLE-01",
        )
    with transaction.atomic():
        claim = (
            # of=self: the person (and account) are nullable, an outer join PostgreSQL
            # will not lock; the code row is what a second redemption must wait for.
            ClaimCode.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(code_hash=code_hash(code), purpose=ClaimCode.CLAIM)
            .first()
        )
        problem = _problem(claim, user)
        if problem is None:
            person = _link(user, claim)
            claim_lock().clear(lock_key)
            return person
    _refuse(user, problem[1], reason=problem[0], lock_key=lock_key)


def _code_problem(claim: ClaimCode | None) -> tuple[str, str] | None:
    if claim is None:
        return "wrong", INVALID
    if claim.used_at is not None:
        return "used", "该认领码已使用，不能再次使用；如需关联请向机构重新申请"
    if claim.revoked:
        return "revoked", "该认领码已作废，请使用机构最新提供的认领码"
    if claim.expires_at <= timezone.now():
        return "expired", "该认领码已过期，请向机构重新申请认领码"
    return None


def _problem(claim: ClaimCode | None, user) -> tuple[str, str] | None:
    if problem := _code_problem(claim):
        return problem
    mine = Person.objects.filter(user=user).exclude(pk=claim.person_id).first()
    if mine is not None:
        return "other_person", "您的账号已关联其他人员档案，不能再认领"
    return None


def _link(user, claim: ClaimCode) -> Person:
    person = Person.objects.select_for_update().get(pk=claim.person_id)
    before = person.user_id
    person.user = get_user_model().objects.get(pk=user.pk)
    person.save(update_fields=["user"])
    claim.used_at = timezone.now()
    claim.used_by = person.user
    claim.save(update_fields=["used_at", "used_by"])
    audit_record(
        actor=user,
        action="person.claim",
        obj=person,
        institution_id=claim.institution_id,
        before={"user": before},
        after={"user": user.pk, "claim_code": claim.pk},
    )
    return person


# --- password reset by the institution (issue 16 item 16) ----------------------------------

RESET_INVALID = "用户名或重置码不正确，或重置码已使用、已过期"


def reset_lock() -> FailureLock:
    r = rules()
    return FailureLock("password-reset", r.claim_failures, r.claim_lock_minutes)


def password_reset_by_code(*, username: str, code: str, password: str):
    """For users without e-mail: the institution hands over a one-time reset code (from the
    person's page or the API); with it and their username the user sets a new password.
    One neutral message for a wrong user, a wrong code and a spent one; guesses locked per
    username."""
    key = (username or "").strip().lower()
    lock = reset_lock()
    if lock.seconds_left(key):
        raise DomainError("reset_locked", f"尝试次数过多，请{lock.minutes}分钟后再试")
    with transaction.atomic():
        claim = (
            # of=self: the person (and account) are nullable, an outer join PostgreSQL
            # will not lock; the code row is what a second redemption must wait for.
            ClaimCode.objects.select_for_update(of=("self",))
            .select_related("person__user", "account")
            .filter(code_hash=code_hash(code), purpose=ClaimCode.RESET)
            .first()
        )
        user = _reset_account(claim)
        if _code_problem(claim) is None and user and user.username.lower() == key:
            _set_password(user, password, claim)
            lock.clear(key)
            return user
    lock.fail(key)
    raise DomainError("reset_invalid", RESET_INVALID, field="code")


def _reset_account(claim: ClaimCode | None):
    """The account a reset code opens: a member's login, or the account of the person."""
    if claim is None:
        return None
    return claim.account if claim.account_id else (claim.person.user if claim.person else None)


def _set_password(user, password: str, claim: ClaimCode) -> None:
    password_set(user, password)
    claim.used_at, claim.used_by = timezone.now(), user
    claim.save(update_fields=["used_at", "used_by"])
    audit_record(
        actor=user,
        action="user.password_reset_by_code",
        obj=claim.person or user,
        institution_id=claim.institution_id,
        after={"user": user.pk, "code": claim.pk, "issued_by": claim.issued_by_id},
    )


# --- reset codes for staff logins without a person on file (issue 16 item 16) --------------


def member_of_institution(institution, user_id):
    """A user holding a role at the institution; 404 for anyone else (another institution's
    member included), so no institution can reset a stranger's password."""
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        raise Http404("未找到该成员") from None
    users = get_user_model().objects.filter(memberships__institution=institution)
    member = users.filter(pk=pk).first() if 0 < pk < 2**63 else None
    if member is None:
        raise Http404("未找到该成员")
    return member


def _rank_refusal(actor, institution, member) -> str | None:
    """Who may reset whom. A reset code takes over an account, so it must not reach above
    the issuer: superusers and authority staff are never reset by an institution (the
    admin does it); an account holding a director's role anywhere only by a director of
    this institution (or a superuser); exam-affairs staff reset the other members."""
    if actor.is_superuser:
        return None
    if member.is_superuser or hasattr(member, "authority_staff"):
        return "系统管理员或人社部门账号不能由机构重置密码，请联系系统管理员"
    directs = Membership.objects.filter(role=Membership.DIRECTOR)
    if (
        directs.filter(user=member).exists()
        and not directs.filter(user=actor, institution=institution).exists()
    ):
        return "机构负责人账号的密码只能由本机构负责人重置"
    return None


@transaction.atomic
def member_reset_code_issue(*, actor, institution, member) -> tuple[ClaimCode, str]:
    """A one-time password-reset code for a member's login (考务, 督导员, 考评员 accounts that
    have no person on file), entered at /accounts/reset-code/ like a person's reset code:
    hashed at rest, expiring, single use, the old one voided, audited."""
    if not can_manage(actor, institution):
        raise DomainError(
            "claim_not_manager", "只有本机构负责人或考务人员可以生成重置码", rule="PEOPLE-01"
        )
    member = member_of_institution(institution, member.pk)
    if why := _rank_refusal(actor, institution, member):
        raise DomainError("reset_not_allowed", f"{member.username}：{why}", field="user")
    return _issue(actor=actor, institution=institution, purpose=ClaimCode.RESET, account=member)
