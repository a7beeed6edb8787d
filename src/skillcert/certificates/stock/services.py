"""The blank-certificate stock ledger (CERT-07): every sheet counted, registered, stored,
issued or spoiled, and destroyed, traceable by its pre-printed number.

Moves are rows of `StockMovement` over inclusive ranges of a batch's pre-printed serials; the
balance is derived from them (`stock.selectors.batch_balance`), never kept in a counter.
Every move locks its batch row first, so two clerks cannot use the same sheet at once; each
move is audited in its transaction.

A sheet's life: received → issued (a certificate printed on it) or spoiled (misprint) →
a spoiled or unused sheet may be destroyed, before two witnesses. An issued sheet is with
its holder and is never destroyed; no sheet is used twice.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import AuditDraft, audit_record, audit_record_many
from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution

from ..models import BlankStockBatch, Certificate, IssueRegister, Replacement, StockMovement
from .selectors import batch_balance

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


def _book(actor, batch: BlankStockBatch, kind: str, **fields) -> StockMovement:
    """One movement of the ledger, by the acting user, in the audit chain as stock.<kind>."""
    move = StockMovement.objects.create(
        institution_id=batch.institution_id,
        batch=batch,
        kind=kind,
        created_by=_user(actor),
        **fields,
    )
    after = _snapshot(move)
    if kind == StockMovement.COUNT:
        after["discrepancy"] = move.discrepancy
    audit_record(actor=actor, action=f"stock.{kind}", obj=move, after=after)
    return move


@transaction.atomic
def stock_issue(
    *,
    actor,
    batch: BlankStockBatch,
    serial: int,
    certificate: Certificate,
    replacement: Replacement | None = None,
    on: date | None = None,
) -> StockMovement:
    """A sheet printed with a certificate (its original print, or a replacement's, CERT-05)."""
    batch = _lock(batch)
    first, last = _range(batch, serial, None)
    on = _day(on)
    # Read the certificate again under lock: a void committed meanwhile must be seen.
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.institution_id != batch.institution_id:
        raise DomainError("stock_tenant", "证书不属于本机构", field="certificate", rule="CERT-07")
    if certificate.status != Certificate.VALID:
        raise DomainError(
            "stock_void_cert",
            f"证书{certificate.number}已作废，不能打印",
            field="certificate",
            rule="CERT-06",
        )
    if replacement is None:
        printed = StockMovement.objects.filter(
            certificate=certificate, kind=StockMovement.ISSUE, replacement__isnull=True
        ).first()
        if printed is not None:
            raise DomainError(
                "stock_cert_printed",
                f"证书{certificate.number}已打印在空白证书{printed.range_label}上；"
                "遗失或损毁的请办理补发",
                field="certificate",
                rule="CERT-05",
            )
    _refuse_used(batch, first, last)
    return _book(
        actor,
        batch,
        StockMovement.ISSUE,
        first_serial=first,
        last_serial=last,
        on=on,
        certificate=certificate,
        replacement=replacement,
        reason="补发" if replacement else "",
    )


@transaction.atomic
def stock_issue_register(
    *,
    actor,
    batch: BlankStockBatch,
    register: IssueRegister,
    first_serial: int,
    on: date | None = None,
) -> list[StockMovement]:
    """Print a register: its valid, not yet printed certificates, in number order, on
    consecutive sheets from `first_serial`. All or nothing."""
    batch = _lock(batch)
    on = _day(on)
    if register.institution_id != batch.institution_id:
        raise DomainError("stock_tenant", "名册不属于本机构", field="register", rule="CERT-07")
    printed = StockMovement.objects.filter(
        kind=StockMovement.ISSUE, replacement__isnull=True, certificate__register=register
    ).values("certificate_id")
    certs = list(
        register.certificates.filter(status=Certificate.VALID)
        .exclude(pk__in=printed)
        .order_by("number")
    )
    if not certs:
        raise DomainError(
            "stock_nothing", "该名册没有待打印的有效证书", field="register", rule="CERT-07"
        )
    start = _serial(first_serial, "first_serial")
    first, last = _range(batch, start, start + len(certs) - 1)
    _refuse_used(batch, first, last)
    moves = [
        StockMovement(
            institution_id=batch.institution_id,
            batch=batch,
            kind=StockMovement.ISSUE,
            first_serial=serial,
            last_serial=serial,
            on=on,
            certificate=cert,
            created_by=_user(actor),
        )
        for serial, cert in zip(range(first, last + 1), certs, strict=True)
    ]
    StockMovement.objects.bulk_create(moves, batch_size=1000)
    moves = list(
        StockMovement.objects.filter(
            batch=batch, kind=StockMovement.ISSUE, first_serial__gte=first, last_serial__lte=last
        )
        .select_related("batch", "certificate")
        .order_by("first_serial")
    )
    audit_record_many(
        actor=actor,
        drafts=[
            AuditDraft(
                "stock.issue",
                "certificates.stockmovement",
                str(m.pk),
                batch.institution_id,
                None,
                _snapshot(m),
            )
            for m in moves
        ],
    )
    return moves


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
