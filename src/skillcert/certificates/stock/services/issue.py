"""Sheets issued for certificates, one or a whole issue register (CERT-07)."""

from datetime import date

from django.db import transaction

from skillcert.core.audit import AuditDraft, audit_record, audit_record_many
from skillcert.core.errors import DomainError

from ...models import BlankStockBatch, Certificate, IssueRegister, Replacement, StockMovement
from .base import _day, _lock, _range, _refuse_used, _serial, _snapshot, _user


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
