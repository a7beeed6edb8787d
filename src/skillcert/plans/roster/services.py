"""Roster import (名册导入) of a sitting: upload, check every row, store the good ones at once.

Flow: `roster_import_create` rejects a file it cannot use (type, damage, header) before
storing anything; a small file runs at once, a large one goes to the task queue.
`roster_import_run` checks rows outside any write transaction, reporting progress, then
`roster_write.store_rows` writes all good rows, the report and one audit entry together.
Whatever goes wrong ends as status `failed` with a message, never half an import.
"""

import gc
import logging
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from skillcert.core.crypto import decrypt_bytes, encrypt_bytes
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules

from ..models import RosterImport, Sitting
from ..registration.check import sitting_findings
from .check import GoodRow, RowChecker
from .format import errors_xlsx, roster_template_xlsx
from .read import RosterSheet, check_filename, read_roster
from .write import roster_import_digest, store_rows

__all__ = [
    "roster_errors_xlsx",
    "roster_import_create",
    "roster_import_digest",
    "roster_import_run",
    "roster_template_xlsx",
]

log = logging.getLogger(__name__)
PROGRESS_EVERY = 1000  # rows between progress updates; also the size of a lookup chunk


def roster_import_create(*, actor, sitting: Sitting, uploaded_file) -> RosterImport:
    """Accept an uploaded roster for `sitting`; run it now if small, else queue it.

    Raises DomainError (nothing stored) for a closed sitting, a non-.xlsx or unreadable
    file, a header without the required columns, or a file without data rows.
    """
    if sitting.status != Sitting.OPEN:
        raise DomainError(
            "sitting_closed", f"批次“{sitting.name}”已结束，不能再导入名册", field="file"
        )
    # INST-04 / INST-09: the same sitting-level judgement as /apply/ (a valid filing today).
    for finding in sitting_findings(sitting, timezone.localdate()):
        raise DomainError("sitting_refused", finding.message, field="file", rule=finding.rule)
    filename = check_filename(getattr(uploaded_file, "name", ""))
    data = uploaded_file.read()
    sheet = read_roster(data)
    imp = RosterImport(
        institution_id=sitting.institution_id,
        sitting=sitting,
        filename=filename,
        total_rows=len(sheet.rows),
        created_by=actor if _is_user(actor) else None,
    )
    # The roster holds clear ID numbers: it is stored sealed (PEOPLE-01, encrypted at rest).
    imp.file.save(f"sitting-{sitting.pk}.xlsx.sealed", ContentFile(encrypt_bytes(data)), save=False)
    imp.save()
    if len(sheet.rows) <= rules().import_background_rows:
        return _run(imp.pk, sheet)
    from .tasks import roster_import_task

    # After commit, so a worker on another connection finds the import row.
    transaction.on_commit(lambda: roster_import_task.enqueue(imp.pk))
    return imp


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def roster_import_run(*, import_id: int) -> RosterImport:
    """Check and store a queued import; a second call (a repeated task) changes nothing."""
    return _run(import_id, None)


def _run(import_id: int, sheet: RosterSheet | None) -> RosterImport:
    claimed = RosterImport.objects.filter(pk=import_id, status=RosterImport.QUEUED).update(
        status=RosterImport.RUNNING, processed_rows=0
    )
    imp = RosterImport.objects.select_related(
        "sitting__occupation",
        "sitting__job_type",
        "sitting__institution",
        "created_by",
    ).get(pk=import_id)
    if not claimed:
        return imp
    try:
        with _no_cycle_collection():
            sheet = sheet or _read_stored(imp)
            _progress(imp, total_rows=len(sheet.rows))
            goods, errors = _check_all(imp, sheet)
            return store_rows(imp=imp, goods=goods, errors=errors)
    except DomainError as exc:
        return _fail(imp, exc.message)
    except IntegrityError:
        log.warning("roster import %s conflicted with a parallel write", import_id, exc_info=True)
        return _fail(imp, "保存时与同时进行的另一次导入冲突，本次未保存任何数据，请重新导入")
    except Exception:
        log.exception("roster import %s failed", import_id)
        return _fail(imp, "导入时发生内部错误，本次未保存任何数据，请稍后重试或联系管理员")


@contextmanager
def _no_cycle_collection():
    """No cyclic garbage collection while an import runs. The import builds a few objects
    per cell and keeps them to the end, so the collector would walk the growing heap again
    and again for garbage that is not there (10-15% of a 50,000-row import). What the import
    leaves is freed when it returns; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:  # a concurrent import that found it disabled leaves it to this one
            gc.enable()


def _read_stored(imp: RosterImport) -> RosterSheet:
    with imp.file.open("rb") as fh:
        return read_roster(decrypt_bytes(fh.read()))


def _progress(imp: RosterImport, **values) -> None:
    # A short UPDATE outside any long transaction, so a page polling the import sees it.
    RosterImport.objects.filter(pk=imp.pk).update(**values)
    for key, value in values.items():
        setattr(imp, key, value)


def _check_all(imp: RosterImport, sheet: RosterSheet) -> tuple[list[GoodRow], list[dict]]:
    checker = RowChecker(imp.sitting)
    goods: list[GoodRow] = []
    errors: list[dict] = []
    rows = sheet.rows
    for start in range(0, len(rows), PROGRESS_EVERY):
        chunk: list[GoodRow] = []
        for number, cells in rows[start : start + PROGRESS_EVERY]:
            good, row_errors = checker.check_row(number, cells)
            if good:
                chunk.append(good)
            errors.extend(row_errors)
        kept, db_errors = checker.check_chunk(chunk) if chunk else ([], [])
        goods.extend(kept)
        errors.extend(db_errors)
        _progress(imp, processed_rows=min(start + PROGRESS_EVERY, len(rows)))
    errors.sort(key=lambda e: e["row"])  # stable: a row's errors keep their column order
    return goods, errors


def _fail(imp: RosterImport, message: str) -> RosterImport:
    imp.status, imp.finished_at = RosterImport.FAILED, timezone.now()
    imp.ok_rows = imp.error_rows = 0
    imp.errors = [{"row": None, "column": "", "value": "", "reason": message, "rule": ""}]
    RosterImport.objects.filter(pk=imp.pk).update(
        status=imp.status, finished_at=imp.finished_at, ok_rows=0, error_rows=0, errors=imp.errors
    )
    return imp


def roster_errors_xlsx(roster_import: RosterImport) -> bytes:
    """The bad rows in the template's columns plus 错误原因, ready to fix and upload again.

    The cells come from the stored upload (IDs in clear, as the institution typed them, so
    the file can be re-uploaded); pages and the API only ever show masked IDs.
    """
    reasons: dict[int, list[str]] = {}
    for e in roster_import.errors:
        if e.get("row"):
            text = f"{e['column']}：{e['reason']}" if e.get("column") else e["reason"]
            reasons.setdefault(e["row"], []).append(text)
    rows: list[tuple[list[str], str]] = []
    if reasons:
        for number, cells in _read_stored(roster_import).rows:
            if number in reasons:
                rows.append((cells, "；".join(reasons[number])))
    return errors_xlsx(rows)
