"""Sealed files too large to hold in memory (a ZIP of 10,000 certificates, an export).

`core.crypto.encrypt_bytes` seals a file in one piece; a large archive is sealed here in
chunks instead, so neither sealing nor serving it needs the whole file in memory:

    b"SKZ1" + chunk*     chunk = length (4 bytes, big-endian) + nonce (12) + AES-GCM(data)

Each chunk's associated data is its index and a last-chunk flag, so chunks cannot be
reordered, dropped or the file cut short without the reader noticing. The key is derived
from FIELD_ENCRYPTION_KEY under its own label, like the keys in `core.crypto`.
"""

import hashlib
import os
import struct
from collections.abc import Iterator
from functools import cache
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

from skillcert.core.files import open_streaming, scratch

MAGIC = b"SKZ1"
CHUNK = 1024 * 1024


@cache
def _aes(field_key: str) -> AESGCM:
    return AESGCM(hashlib.sha256(b"skillcert-file-stream:" + field_key.encode()).digest())


def _aad(index: int, last: bool) -> bytes:
    return struct.pack(">QB", index, 1 if last else 0)


def seal_stream(src: BinaryIO, dst: BinaryIO, *, chunk: int = CHUNK) -> int:
    """Read `src` to its end and write the sealed form to `dst`; returns plaintext bytes."""
    aes = _aes(settings.FIELD_ENCRYPTION_KEY)
    dst.write(MAGIC)
    total, index = 0, 0
    data = src.read(chunk)
    while True:
        following = src.read(chunk) if data else b""
        last = not following
        nonce = os.urandom(12)
        sealed = aes.encrypt(nonce, data, _aad(index, last))
        dst.write(struct.pack(">I", len(sealed)) + nonce + sealed)
        total += len(data)
        if last:
            return total
        data, index = following, index + 1


def open_stream(src: BinaryIO) -> Iterator[bytes]:
    """Yield the plaintext of a sealed file chunk by chunk; raises ValueError if tampered."""
    aes = _aes(settings.FIELD_ENCRYPTION_KEY)
    if src.read(4) != MAGIC:
        raise ValueError("not a sealed stream")
    index = 0
    while True:
        head = src.read(16)
        if len(head) != 16:
            raise ValueError("sealed stream cut short")
        (length,) = struct.unpack(">I", head[:4])
        sealed = src.read(length)
        if len(sealed) != length:
            raise ValueError("sealed stream cut short")
        try:
            yield aes.decrypt(head[4:], sealed, _aad(index, False))
        except InvalidTag:
            # Not a middle chunk: it must be the last one, and nothing may follow it.
            try:
                plain = aes.decrypt(head[4:], sealed, _aad(index, True))
            except InvalidTag:
                raise ValueError(f"sealed chunk {index} does not verify") from None
            if src.read(1):
                raise ValueError("data after the last sealed chunk") from None
            yield plain
            return
        index += 1


def sealed_response(name: str, filename: str, content_type: str) -> StreamingHttpResponse:
    """A download of the sealed file `name` in the default storage, opened chunk by chunk."""

    def chunks():
        with open_streaming(name) as fh:  # S3: chunk by chunk, not the whole object first
            yield from open_stream(fh)

    response = StreamingHttpResponse(chunks(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"  # full ID numbers or names inside
    return response


def seal_and_store(plain: BinaryIO, name: str) -> tuple[str, str]:
    """Hash `plain` from its start, then store it sealed under `name`: (stored name, sha256 of
    the plain bytes). The exports with full ID numbers (CERT-08) are kept this way."""
    digest = hashlib.sha256()
    plain.seek(0)
    for block in iter(lambda: plain.read(1 << 20), b""):
        digest.update(block)
    plain.seek(0)
    with scratch() as sealed:
        seal_stream(plain, sealed)
        sealed.seek(0)
        stored = default_storage.save(name, File(sealed))
    return stored, digest.hexdigest()
