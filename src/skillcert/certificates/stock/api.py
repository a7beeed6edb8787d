"""API of the blank certificate stock (CERT-07); mounted under the certificates router."""

from datetime import date

from ninja import Router, Schema

from skillcert.core.api_types import DbId
from skillcert.institutions.selectors import institution_get_for_user

from . import selectors

router = Router(tags=["certificates"])


class StockBalanceOut(Schema):
    id: int
    first_sheet: str
    last_sheet: str
    received_on: date
    received: int
    issued: int
    spoiled: int
    awaiting_destruction: int
    destroyed: int
    on_hand: int


@router.get("/institutions/{iid}/certificate-stock", response=list[StockBalanceOut])
def stock_balances(request, iid: DbId):
    """CERT-07: every blank-stock batch with its balance derived from the ledger."""
    institution = institution_get_for_user(request.user, iid)
    rows = []
    for b in selectors.stock_batches_for(institution)[:500]:
        bal = selectors.batch_balance(b)
        rows.append(
            {
                "id": b.pk,
                "first_sheet": b.sheet_label(b.first_serial),
                "last_sheet": b.sheet_label(b.last_serial),
                "received_on": b.received_on,
                "received": bal.received,
                "issued": bal.issued,
                "spoiled": bal.spoiled,
                "awaiting_destruction": bal.awaiting_destruction,
                "destroyed": bal.destroyed,
                "on_hand": bal.on_hand,
            }
        )
    return rows
