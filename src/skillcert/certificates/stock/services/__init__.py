"""The blank-certificate stock ledger (CERT-07): every sheet counted, registered, stored,
issued or spoiled, and destroyed, traceable by its pre-printed number.

Moves are rows of `StockMovement` over inclusive ranges of a batch's pre-printed serials; the
balance is derived from them (`stock.selectors.batch_balance`), never kept in a counter.
Every move locks its batch row first, so two clerks cannot use the same sheet at once; each
move is audited in its transaction.

A sheet's life: received → issued (a certificate printed on it) or spoiled (misprint) →
a spoiled or unused sheet may be destroyed, before two witnesses. An issued sheet is with
its holder and is never destroyed; no sheet is used twice."""

from .base import BATCH_MAX, TEXT_MAX, USED
from .issue import stock_issue, stock_issue_register
from .receive import stock_receive
from .writeoff import stock_count, stock_destroy, stock_spoil

__all__ = [
    "BATCH_MAX",
    "TEXT_MAX",
    "USED",
    "stock_receive",
    "stock_issue",
    "stock_issue_register",
    "stock_spoil",
    "stock_destroy",
    "stock_count",
]
