"""Blank stock received into the institution's ledger (CERT-07)."""

from datetime import date

from django.db import transaction

from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution

from ...models import BlankStockBatch, StockMovement
from .base import BATCH_MAX, _day, _serial, _text, _user
from .issue import _book


@transaction.atomic
def stock_receive(
    *,
    actor,
    institution: Institution,
    first_serial: int,
    last_serial: int,
    counted: int,
    received_on: date,
    source: str,
    prefix: str = "",
    digits: int = 7,
    location: str = "",
) -> BlankStockBatch:
    """Register a delivery of blank sheets after counting them (清点、登记、入库)."""
    first, last = _serial(first_serial, "first_serial"), _serial(last_serial, "last_serial")
    if last < first:
        raise DomainError(
            "stock_range", "终止编号不能小于起始编号", field="last_serial", rule="CERT-07"
        )
    size = last - first + 1
    if size > BATCH_MAX:
        raise DomainError(
            "stock_range", f"一次入库不能超过{BATCH_MAX}张", field="last_serial", rule="CERT-07"
        )
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 12:
        raise DomainError("stock_digits", "印刷编号位数应为1-12", field="digits")
    if last >= 10**digits:
        raise DomainError(
            "stock_digits", f"终止编号超过{digits}位", field="last_serial", rule="CERT-07"
        )
    if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0:
        raise DomainError("stock_counted", "请填写清点数量", field="counted", rule="CERT-07")
    if counted != size:
        raise DomainError(
            "stock_count_mismatch",
            f"清点数量{counted}张与号段{size}张不符：请核对号段，缺号的按实际连续号段分段入库",
            field="counted",
            rule="CERT-07",
        )
    received_on = _day(received_on, "received_on")
    source = _text(source, "source", "来源")
    location = _text(location, "location", "存放地点", required=False)
    prefix = (prefix or "").strip().upper()
    if len(prefix) > 10:
        raise DomainError("stock_prefix", "印刷编号前缀不能超过10个字符", field="prefix")
    # Lock the institution: two receipts of overlapping ranges cannot both pass the check.
    Institution.objects.select_for_update().filter(pk=institution.pk).first()
    clash = BlankStockBatch.objects.filter(
        institution=institution, prefix=prefix, first_serial__lte=last, last_serial__gte=first
    ).first()
    if clash is not None:
        raise DomainError(
            "stock_overlap",
            f"号段与已入库批次{clash}重叠",
            field="first_serial",
            rule="CERT-07",
        )
    batch = BlankStockBatch.objects.create(
        institution=institution,
        prefix=prefix,
        digits=digits,
        first_serial=first,
        last_serial=last,
        received_on=received_on,
        source=source,
        location=location,
        created_by=_user(actor),
    )
    _book(
        actor,
        batch,
        StockMovement.RECEIVE,
        first_serial=first,
        last_serial=last,
        on=received_on,
        counted=counted,
        expected=size,
        reason=f"来源：{source}" + (f"；存放：{location}" if location else ""),
    )
    return batch
