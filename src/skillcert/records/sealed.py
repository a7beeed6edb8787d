"""Files the records parts keep through the storage API, sealed at rest (core.crypto via
violations.evidence): a file written by a service whose transaction then fails is removed."""

import contextlib
from collections.abc import Iterator

from skillcert.violations import evidence as sealing


@contextlib.contextmanager
def removed_on_error() -> Iterator[list]:
    saved: list = []
    try:
        yield saved
    except BaseException:
        for storage, name in saved:
            with contextlib.suppress(OSError):  # best effort; the row never committed
                storage.delete(name)
        raise


def seal_into(field_file, data: bytes, saved: list) -> None:
    sealed = sealing.sealed_file(data)
    field_file.save(sealed.name, sealed, save=False)
    saved.append((field_file.storage, field_file.name))
