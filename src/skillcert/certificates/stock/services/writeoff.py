"""Sheets spoiled, destroyed or found missing at a count (CERT-07)."""

from datetime import date

from django.db import transaction

from skillcert.core.errors import DomainError

from ...models import BlankStockBatch, StockMovement
from ..selectors import batch_balance
from .base import _day, _lock, _overlapping, _range, _refuse_used, _text
from .issue import _book


@transaction.atomic
def stock_spoil(
    *,
    actor,
    batch: BlankStockBatch,
    first_serial: int,
    last_serial: int | None = None,
    reason: str,
    on: date | None = None,
) -> StockMovement:
    """Misprinted or damaged sheets: recorded with the reason; they must then be destroyed."""
    batch = _lock(batch)
    first, last = _range(batch, first_serial, last_serial)
    reason = _text(reason, "reason", "损坏原因", limit=200)
    on = _day(on)
    _refuse_used(batch, first, last)
    return _book(
        actor, batch, StockMovement.SPOIL, first_serial=first, last_serial=last, on=on,
        reason=reason,
    )  # fmt: skip


@transaction.atomic
def stock_destroy(
    *,
    actor,
    batch: BlankStockBatch,
    first_serial: int,
    last_serial: int | None = None,
    witness_1: str,
    witness_2: str,
    on: date | None = None,
    reason: str = "",
) -> StockMovement:
    """Destroy spoiled or unused sheets before two witnesses (监销). Issued sheets are with
    their holders and cannot be destroyed; a sheet is destroyed once."""
    batch = _lock(batch)
    first, last = _range(batch, first_serial, last_serial)
    witness_1 = _text(witness_1, "witness_1", "监销人1", limit=50)
    witness_2 = _text(witness_2, "witness_2", "监销人2", limit=50)
    if witness_1 == witness_2:
        raise DomainError(
            "stock_witnesses", "销毁须由两名不同的监销人在场", field="witness_2", rule="CERT-07"
        )
    reason = _text(reason, "reason", "销毁说明", required=False, limit=200)
    on = _day(on)
    clash = _overlapping(batch, first, last, (StockMovement.ISSUE, StockMovement.DESTROY)).first()
    if clash is not None:
        sheet = batch.sheet_label(max(first, clash.first_serial))
        what = "已发放给持证人" if clash.kind == StockMovement.ISSUE else "已销毁"
        raise DomainError(
            "stock_destroy_refused",
            f"空白证书{sheet}{what}（{clash.on}），不能销毁",
            field="first_serial",
            rule="CERT-07",
        )
    return _book(
        actor,
        batch,
        StockMovement.DESTROY,
        first_serial=first,
        last_serial=last,
        on=on,
        witness_1=witness_1,
        witness_2=witness_2,
        reason=reason,
    )


@transaction.atomic
def stock_count(
    *, actor, batch: BlankStockBatch, counted: int, on: date | None = None, note: str = ""
) -> StockMovement:
    """Stock-take (盘点): the sheets counted on hand against the ledger; a difference is
    recorded as found, never booked away."""
    batch = _lock(batch)
    if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0:
        raise DomainError("stock_counted", "请填写清点数量", field="counted", rule="CERT-07")
    on = _day(on)
    note = _text(note, "note", "说明", required=False, limit=200)
    expected = batch_balance(batch).on_hand
    return _book(
        actor, batch, StockMovement.COUNT, on=on, counted=counted, expected=expected, reason=note
    )
