"""Reads of the blank stock (CERT-07): balances derived from the movements, per batch."""

from dataclasses import dataclass

from django.db.models import F, QuerySet, Sum

from skillcert.institutions.models import Institution

from ..models import BlankStockBatch, StockMovement


@dataclass(frozen=True)
class Balance:
    """Sheets of a batch by where they are. Always:
    received = on_hand + issued + spoiled + destroyed_unused, and
    destroyed = destroyed_unused + (spoiled - awaiting_destruction)."""

    received: int
    issued: int
    spoiled: int
    destroyed: int
    destroyed_unused: int
    awaiting_destruction: int  # spoiled, not yet destroyed
    on_hand: int  # blank sheets that should be in the safe
    last_count: StockMovement | None = None

    @property
    def accounted(self) -> bool:
        return (
            self.received == (self.on_hand + self.issued + self.spoiled + self.destroyed_unused)
            and self.on_hand >= 0
        )


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Sheets in both sets of inclusive ranges (each set's ranges do not overlap)."""
    a, b = sorted(a), sorted(b)
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            total += hi - lo + 1
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def batch_balance(batch: BlankStockBatch) -> Balance:
    moves = StockMovement.objects.filter(batch=batch)
    sums = dict(
        moves.exclude(kind=StockMovement.COUNT)
        .values("kind")
        .annotate(n=Sum(F("last_serial") - F("first_serial") + 1))
        .values_list("kind", "n")
    )
    ranges = {
        kind: list(
            moves.filter(kind=kind).values_list("first_serial", "last_serial").order_by("id")
        )
        for kind in (StockMovement.SPOIL, StockMovement.DESTROY)
    }
    destroyed_spoiled = _overlap(ranges[StockMovement.SPOIL], ranges[StockMovement.DESTROY])
    received = sums.get(StockMovement.RECEIVE) or 0
    issued = sums.get(StockMovement.ISSUE) or 0
    spoiled = sums.get(StockMovement.SPOIL) or 0
    destroyed = sums.get(StockMovement.DESTROY) or 0
    destroyed_unused = destroyed - destroyed_spoiled
    return Balance(
        received=received,
        issued=issued,
        spoiled=spoiled,
        destroyed=destroyed,
        destroyed_unused=destroyed_unused,
        awaiting_destruction=spoiled - destroyed_spoiled,
        on_hand=received - issued - spoiled - destroyed_unused,
        last_count=moves.filter(kind=StockMovement.COUNT).order_by("-id").first(),
    )


def sheet_status(batch: BlankStockBatch, serial: int) -> str:
    """Where one sheet is: on_hand, issued, spoiled, destroyed, or outside the batch."""
    if not batch.first_serial <= serial <= batch.last_serial:
        return "outside"
    kinds = set(
        StockMovement.objects.filter(
            batch=batch, first_serial__lte=serial, last_serial__gte=serial
        ).values_list("kind", flat=True)
    )
    for kind in (StockMovement.DESTROY, StockMovement.ISSUE, StockMovement.SPOIL):
        if kind in kinds:
            return {"destroy": "destroyed", "issue": "issued", "spoil": "spoiled"}[kind]
    return "on_hand"


def stock_batches_for(institution: Institution) -> QuerySet[BlankStockBatch]:
    return BlankStockBatch.objects.filter(institution=institution).order_by("-received_on", "-id")


def stock_batch_get(*, institution: Institution, batch_id) -> BlankStockBatch | None:
    """A batch of this institution; another institution's batch is None (tenancy)."""
    try:
        return stock_batches_for(institution).get(pk=int(batch_id))
    except (BlankStockBatch.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def stock_movements(batch: BlankStockBatch) -> QuerySet[StockMovement]:
    return (
        StockMovement.objects.filter(batch=batch)
        .select_related("batch", "certificate", "created_by", "replacement")
        .order_by("id")
    )


def sheets_of(certificate) -> QuerySet[StockMovement]:
    """CERT-07: the blank sheets a certificate was printed on, with their batch and reprint."""
    return certificate.stock_movements.select_related("batch", "replacement")
