"""PEOPLE-01 / 个人信息保护法: ID numbers encrypted at rest, keyed hash, masked on screen."""

from cryptography.fernet import Fernet
from django.db import connection
from django.test import override_settings

from skillcert.core import crypto
from skillcert.people.services import person_find, person_get_or_create
from tests import factories as f


def test_encrypt_decrypt_round_trip_and_fresh_token_each_time():
    number = f.resident_id()
    token = crypto.encrypt(number)
    assert number not in token
    assert crypto.decrypt(token) == number
    assert crypto.encrypt(number) != token  # Fernet uses a random IV


def test_people_01_db_column_holds_no_clear_number(db):
    number = f.resident_id(region="410102", birth="19900101", seq=123)
    person = person_get_or_create(name="张三", id_type="resident", id_number=number)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number_encrypted, id_hash, id_masked FROM people_person WHERE id = %s",
            [person.pk],
        )
        encrypted, hashed, masked = cursor.fetchone()
    for stored in (encrypted, hashed, masked):
        assert number not in stored
        assert number[6:14] not in stored  # not even the birth date part
    assert crypto.decrypt(encrypted) == number
    assert masked == f"{number[:4]}**********{number[-4:]}"
    assert person_find(id_type="resident", id_number=number.lower()).pk == person.pk


def test_keyed_hash_is_stable_normalised_and_differs_per_type():
    number = "E12345678"
    assert crypto.id_hash("passport", number) == crypto.id_hash("passport", " e12345678 ")
    assert crypto.id_hash("passport", number) != crypto.id_hash("hk_macao", number)
    assert crypto.id_hash("passport", number) != crypto.id_hash("passport", "E12345679")


def test_keyed_hash_depends_on_the_secret_key():
    """Without the key, a table of hashes of all possible ID numbers cannot be built."""
    before = crypto.id_hash("resident", "41010219900101123X")
    with override_settings(FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode()):
        assert crypto.id_hash("resident", "41010219900101123X") != before


def test_mask_keeps_first_and_last_four_of_long_numbers():
    assert crypto.mask_id("41010219900101123X") == "4101**********123X"
    assert crypto.mask_id("E12345678") == "E*******8"
    assert crypto.mask_id("AB") == "**"


def test_people_01_keyed_hash_is_rfc_2104_hmac_so_stored_hashes_still_match():
    """id_hash copies precomputed HMAC pads (bulk imports); every hash stored before, made
    with hmac.digest under the same key, must still be found."""
    import hashlib
    import hmac

    from django.conf import settings

    key = hashlib.sha256(b"skillcert-id-hash:" + settings.FIELD_ENCRYPTION_KEY.encode()).digest()
    for id_type, number in [("resident", "41010219900101123X"), ("passport", "E12345678")]:
        expected = hmac.digest(key, f"{id_type}:{number}".encode(), "sha256").hex()
        assert crypto.id_hash(id_type, number) == expected


def test_people_01_encrypt_many_seals_each_number_with_its_own_nonce():
    numbers = [f.resident_id(seq=s) for s in (1, 2, 3)] + [f.resident_id(seq=1)]
    tokens = crypto.encrypt_many(numbers)
    assert [crypto.decrypt(t) for t in tokens] == numbers
    assert len({t[3:19] for t in tokens}) == 4  # distinct nonces, even for equal numbers
    assert crypto.encrypt_many([]) == []
