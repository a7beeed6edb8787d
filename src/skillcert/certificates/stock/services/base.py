"""What every stock movement shares: text, date and serial checks, the batch lock (CERT-07)."""

from datetime import date

from django.utils import timezone

from skillcert.core.errors import DomainError

from ...models import BlankStockBatch, StockMovement

BATCH_MAX = 100_000  # sheets in one delivery: a typo guard, far above any real delivery

TEXT_MAX = 100

USED = (StockMovement.ISSUE, StockMovement.SPOIL)


def _text(value: str, field: str, label: str, *, required: bool = True, limit=TEXT_MAX) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise DomainError(f"{field}_missing", f"请填写{label}", field=field, rule="CERT-07")
    if len(value) > limit:
        raise DomainError(f"{field}_long", f"{label}不能超过{limit}字", field=field)
    return value


def _day(on: date | None, field: str = "on") -> date:
    today = timezone.localdate()
    on = on or today
    if not isinstance(on, date) or on > today:
        raise DomainError("stock_date", "日期不能晚于今天", field=field, rule="CERT-07")
    return on


def _serial(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DomainError("stock_serial", "印刷编号应为非负整数", field=field, rule="CERT-07")
    return value


def _lock(batch: BlankStockBatch) -> BlankStockBatch:
    return BlankStockBatch.objects.select_for_update().get(pk=batch.pk)


def _range(batch: BlankStockBatch, first, last) -> tuple[int, int]:
    first = _serial(first, "first_serial")
    last = first if last is None else _serial(last, "last_serial")
    if last < first:
        raise DomainError(
            "stock_range", "终止编号不能小于起始编号", field="last_serial", rule="CERT-07"
        )
    if first < batch.first_serial or last > batch.last_serial:
        raise DomainError(
            "stock_outside",
            f"编号{batch.sheet_label(first)}—{batch.sheet_label(last)}不在本批次号段{batch}内",
            field="first_serial",
            rule="CERT-07",
        )
    return first, last


def _overlapping(batch: BlankStockBatch, first: int, last: int, kinds):
    return StockMovement.objects.filter(
        batch=batch, kind__in=kinds, first_serial__lte=last, last_serial__gte=first
    ).order_by("first_serial")


def _refuse_used(batch: BlankStockBatch, first: int, last: int, *, destroyed_too: bool = True):
    kinds = (*USED, StockMovement.DESTROY) if destroyed_too else USED
    clash = _overlapping(batch, first, last, kinds).first()
    if clash is not None:
        sheet = batch.sheet_label(max(first, clash.first_serial))
        raise DomainError(
            "stock_sheet_used",
            f"空白证书{sheet}已{clash.get_kind_display()}（{clash.on}），不能重复使用",
            field="first_serial",
            rule="CERT-07",
        )


def _snapshot(m: StockMovement) -> dict:
    return {
        "batch": m.batch_id,
        "kind": m.kind,
        "sheets": m.range_label,
        "count": m.size,
        "on": m.on,
        "certificate": m.certificate.number if m.certificate_id else None,
        "reason": m.reason,
        "witnesses": [w for w in (m.witness_1, m.witness_2) if w],
        "counted": m.counted,
        "expected": m.expected,
    }


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None
