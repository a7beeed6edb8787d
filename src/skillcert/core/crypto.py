"""ID numbers at rest: Fernet-encrypted, a keyed hash for lookup and de-duplication, masked text."""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet
from django.conf import settings


@cache
def _fernet(key: str) -> Fernet:
    return Fernet(key)


def _hash_key() -> bytes:
    # Derived from the encryption key so one secret protects both; a separate label
    # keeps the hash from revealing anything about the cipher key.
    return hashlib.sha256(b"skillcert-id-hash:" + settings.FIELD_ENCRYPTION_KEY.encode()).digest()


def encrypt(text: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()


def id_hash(id_type: str, number: str) -> str:
    """Keyed hash of a normalised ID: equal IDs give equal hashes, no one can reverse it."""
    message = f"{id_type}:{number.strip().upper()}".encode()
    return hmac.new(_hash_key(), message, hashlib.sha256).hexdigest()


def mask_id(number: str) -> str:
    """`4101**********123X`: first 4 and last 4 characters of a long number, 1 and 1 otherwise."""
    n = number.strip()
    keep = 4 if len(n) >= 12 else 1
    if len(n) <= 2 * keep:
        return "*" * len(n)
    return n[:keep] + "*" * (len(n) - 2 * keep) + n[-keep:]
