"""Writes of persons: one record per identity document, the number encrypted (PEOPLE-01)."""

from django.db import transaction

from skillcert.core import crypto
from skillcert.core.errors import DomainError
from skillcert.core.idnumbers import ParsedId, parse_id
from skillcert.core.normalize import normalize_phone, normalize_text

from ..models import (
    Person,
)


def person_fields(*, name: str, parsed: ParsedId, phone: str = "", id_hash: str = "") -> dict:
    """A person's stored fields: the number encrypted, hashed and masked (PEOPLE-01).

    Bulk imports insert these directly (no model instance per row); pass `id_hash` when the
    caller has already computed it.
    """
    return _fields(name, parsed, phone, id_hash, crypto.encrypt(parsed.number))


def persons_fields(people: list[tuple[str, ParsedId, str, str]]) -> list[dict]:
    """`person_fields` of many (name, parsed, phone, id_hash) at once, for bulk imports: the
    numbers sealed by one `crypto.encrypt_many` call (one cipher, one draw of nonces)."""
    sealed = crypto.encrypt_many([parsed.number for _, parsed, _, _ in people])
    return [
        _fields(name, parsed, phone, id_hash, token)
        for (name, parsed, phone, id_hash), token in zip(people, sealed, strict=True)
    ]


def _fields(name: str, parsed: ParsedId, phone: str, id_hash: str, sealed: str) -> dict:
    return {
        "name": normalize_text(name),
        "id_type": parsed.id_type,
        "id_number_encrypted": sealed,
        "id_hash": id_hash or crypto.id_hash(parsed.id_type, parsed.number),
        "id_masked": crypto.mask_id(parsed.number),
        "sex": parsed.sex,
        "birth_date": parsed.birth_date,
        "phone": normalize_phone(phone),
    }


def person_build(*, name: str, parsed: ParsedId, phone: str = "") -> Person:
    """An unsaved Person with the number encrypted, hashed and masked."""
    return Person(**person_fields(name=name, parsed=parsed, phone=phone))


@transaction.atomic
def person_get_or_create(*, name: str, id_type: str, id_number: str, phone: str = "") -> Person:
    """Find the person by the keyed hash of the ID, or create them; names must agree."""
    if not name or not name.strip():
        raise DomainError("name_missing", "姓名不能为空", field="name")
    parsed = parse_id(id_type, id_number)
    existing = Person.objects.filter(id_hash=crypto.id_hash(parsed.id_type, parsed.number)).first()
    if existing:
        if existing.name != normalize_text(name):
            raise DomainError("name_mismatch", "该证件号码已登记为其他姓名", field="name")
        return existing
    person = person_build(name=name, parsed=parsed, phone=phone)
    person.save()
    return person


def person_find(*, id_type: str, id_number: str) -> Person | None:
    return Person.objects.filter(id_hash=crypto.id_hash(id_type, id_number)).first()
