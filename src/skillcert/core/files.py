"""Files go through Django's storage API only (local disk or object storage, STORAGE_URL).

Two helpers for what the storage API does not say by itself:

- `scratch()`: the one kind of working buffer code may make while it builds a file to store
  (a batch PDF, a ZIP of thousands of certificates, an export): in memory up to
  SCRATCH_MEMORY, then an anonymous temporary file that no other process can name and that
  disappears when closed. Nothing is kept on a web or worker machine's disk: the result goes
  to `default_storage`, so any process on any machine can serve it.
- `open_streaming(name)`: a file of the storage read front to back without holding it
  whole. On object storage `storage.open` downloads the whole object first (django-storages'
  S3File); this reads the object's body as it arrives, so a sealed ZIP of several GB streams
  to the browser chunk by chunk.
"""

import tempfile
from contextlib import contextmanager

from django.core.files.storage import default_storage
from storages.utils import clean_name

SCRATCH_MEMORY = 8 * 1024 * 1024


def scratch():
    """A binary read/write buffer for building one file (use as a context manager)."""
    return tempfile.SpooledTemporaryFile(max_size=SCRATCH_MEMORY, mode="w+b")


@contextmanager
def open_streaming(name: str, storage=None):
    """Yield a binary file object reading `name` from `storage` front to back."""
    storage = storage or default_storage
    bucket = getattr(storage, "bucket", None)
    if bucket is None or not hasattr(storage, "_normalize_name"):
        with storage.open(name, "rb") as fh:
            yield fh
        return
    # S3-compatible storage: the GET's body is a stream (botocore's StreamingBody).
    key = storage._normalize_name(clean_name(name))
    body = bucket.Object(key).get()["Body"]
    try:
        yield _FullReads(body)
    finally:
        body.close()


class _FullReads:
    """read(n) returns n bytes unless the stream ends, as a local file does."""

    def __init__(self, raw):
        self._raw = raw

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            return self._raw.read()
        parts, left = [], n
        while left > 0:
            data = self._raw.read(left)
            if not data:
                break
            parts.append(data)
            left -= len(data)
        return b"".join(parts)
