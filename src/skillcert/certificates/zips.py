"""The ZIP of one PDF per certificate (CERT-03), rendered a chunk at a time, in a process
pool for a large register; `services.jobs` runs it for a queued job."""

import io
import multiprocessing
import os
import zipfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from skillcert.core.pdf import font_name, values_font_name

from .pdf import render_certificates

# Certificates per unit of work handed to a pool process: large enough to amortise the
# pickling round trip, small enough that progress moves and memory stays a few MiB.
ZIP_CHUNK = 50
# Below this a pool costs more (starting processes) than it saves.
ZIP_POOL_MIN = 200


def zip_workers(total: int) -> int:
    """Processes for a ZIP of `total` certificates: one per CPU for a large job."""
    return max(1, os.cpu_count() or 1) if total >= ZIP_POOL_MIN else 1


def write_zip(certs, fileobj, *, progress=None, progress_every: int = 50, workers: int = 1) -> int:
    """Write `{number}.pdf` per certificate into a ZIP on `fileobj`; returns its size.

    Stored, not deflated: the PDFs' streams are compressed already. With `workers` > 1 the
    PDFs are rendered in a process pool while this process writes them in order.
    """
    done = 0
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for chunk, pdfs in _rendered_chunks(certs, workers):
            for cert, pdf in zip(chunk, pdfs, strict=True):
                zf.writestr(zipfile.ZipInfo(f"{cert.number}.pdf", date_time=_zip_time(cert)), pdf)
                done += 1
                if progress and done % progress_every == 0:
                    progress(done)
    if done == 0:
        raise ValueError("no certificates to render")
    if progress:
        progress(done)
    return fileobj.tell()


def _render_each(certs: list) -> list[bytes]:
    """One PDF per certificate (runs in a pool process too: touches no database)."""
    pdfs = []
    for cert in certs:
        buffer = io.BytesIO()
        render_certificates([cert], buffer)
        pdfs.append(buffer.getvalue())
    return pdfs


def _chunks(certs: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for cert in certs:
        chunk.append(cert)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _rendered_chunks(certs: Iterable, workers: int) -> Iterator[tuple[list, list[bytes]]]:
    """(certificates, their PDFs) chunk by chunk, in the order given.

    In a pool at most two chunks per process are in flight, so memory stays bounded however
    large the register; a worker's exception is raised here and fails the job.
    """
    if workers <= 1:
        for chunk in _chunks(certs, ZIP_CHUNK):
            yield chunk, _render_each(chunk)
        return
    # Fonts loaded before the fork are shared by the workers rather than read by each.
    font_name(), values_font_name()
    # fork: the workers inherit settings and registered fonts without a second setup; the
    # certificates arrive pickled with person and institution selected, so no worker
    # touches the parent's database connection.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    pending: deque = deque()
    try:
        for chunk in _chunks(certs, ZIP_CHUNK):
            pending.append((chunk, pool.submit(_render_each, chunk)))
            if len(pending) >= 2 * workers:
                chunk, future = pending.popleft()
                yield chunk, future.result()
        while pending:
            chunk, future = pending.popleft()
            yield chunk, future.result()
    finally:
        pool.shutdown(cancel_futures=True)


def _zip_time(cert) -> tuple:
    d = cert.issued_on
    return (max(d.year, 1980), d.month, d.day, 0, 0, 0)
