"""Candidate sign-up (PEOPLE-01, issue 16 item 2): a Django user, linked to a person only
with proof (a claim code) or when the ID is new."""

from django.db import IntegrityError, transaction

from skillcert.core import crypto
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.idnumbers import parse_id
from skillcert.core.normalize import normalize_phone
from skillcert.core.passwords import user_create
from skillcert.people.claims import person_claim
from skillcert.people.models import Person
from skillcert.people.services import person_build


@transaction.atomic
def candidate_sign_up(
    *,
    username: str,
    password: str,
    name: str,
    id_type: str,
    id_number: str,
    phone: str = "",
    claim_code: str = "",
):
    """A Django user for a candidate (PEOPLE-01, issue 16 item 2).

    A name and an ID number prove nothing, so sign-up never links to a person already on
    file: with a claim code from the institution (people.claims) the account is linked to
    that person; otherwise a new person is created for an ID not on file, and for one on
    file the account stays unlinked until its holder enters a claim code. Nothing in the
    answer tells which case it was (no "already registered", no "other name")."""
    phone = normalize_phone(phone)  # API callers too: 13800138000.0 (issue 16 item 6)
    if not name or not name.strip():
        raise DomainError("name_missing", "姓名不能为空", field="name")
    parsed = parse_id(id_type, id_number)
    user = user_create(username=username, password=password)
    if claim_code.strip():
        person = person_claim(user=user, code=claim_code)
    else:
        person = _new_person_or_none(name=name, parsed=parsed, phone=phone, user=user)
    audit_record(
        actor=user,
        action="candidate.sign_up",
        obj=user,
        after={"user": user.pk, "person": person.pk if person else None},
    )
    return user


def _new_person_or_none(*, name: str, parsed, phone: str, user) -> Person | None:
    """A new person linked to `user` when the ID is not on file; None when it is (also when
    a concurrent sign-up created it a moment ago)."""
    if Person.objects.filter(id_hash=crypto.id_hash(parsed.id_type, parsed.number)).exists():
        return None
    person = person_build(name=name, parsed=parsed, phone=phone)
    person.user = user
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        return None
    return person
