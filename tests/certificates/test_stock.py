"""CERT-07: the blank-certificate stock ledger: every sheet received, issued or spoiled, and
destroyed is recorded, balances derive from the ledger, no sheet is used twice."""

from datetime import date

import pytest

from skillcert.certificates import services
from skillcert.certificates.models import StockMovement
from skillcert.certificates.stock import services as stock_services
from skillcert.certificates.stock.selectors import batch_balance, sheet_status
from skillcert.core.audit import audit_verify
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry

from .conftest import issue

RECEIVED = date(2025, 6, 20)


def receive(institution, first=1001, last=1100, *, actor=None, **kw):
    kw.setdefault("counted", last - first + 1)
    return stock_services.stock_receive(
        actor=actor,
        institution=institution,
        first_serial=first,
        last_serial=last,
        received_on=RECEIVED,
        source="省职业技能鉴定指导中心",
        prefix="HN",
        **kw,
    )


def test_cert07_receive_counts_and_registers_the_range(institution, manager):
    batch = receive(institution, actor=manager, location="档案室保险柜")
    bal = batch_balance(batch)
    assert (bal.received, bal.on_hand, bal.issued, bal.spoiled, bal.destroyed) == (
        100,
        100,
        0,
        0,
        0,
    )
    assert str(batch) == "HN0001001—HN0001100"
    entry = AuditEntry.objects.get(action="stock.receive")
    assert entry.after["count"] == 100 and entry.actor_id == manager.pk


def test_cert07_receive_refuses_count_mismatch_and_overlap(institution, other_institution):
    with pytest.raises(DomainError) as e:
        receive(institution, counted=99)
    assert e.value.code == "stock_count_mismatch" and e.value.rule == "CERT-07"
    receive(institution)
    with pytest.raises(DomainError) as e:
        receive(institution, 1100, 1200)  # shares sheet 1100
    assert e.value.code == "stock_overlap"
    # Another institution's sheets with the same printed numbers are its own business.
    receive(other_institution, 1100, 1200)
    assert StockMovement.objects.filter(kind=StockMovement.RECEIVE).count() == 2


def test_cert07_ledger_balances_through_issue_spoil_destroy(institution, sitting, manager):
    certs = issue(sitting, 3, actor=manager)
    batch = receive(institution)
    stock_services.stock_issue_register(
        actor=manager, batch=batch, register=certs[0].register, first_serial=1001
    )
    stock_services.stock_spoil(
        actor=manager, batch=batch, first_serial=1004, last_serial=1005, reason="卡纸误印"
    )
    bal = batch_balance(batch)
    assert (bal.issued, bal.spoiled, bal.awaiting_destruction, bal.on_hand) == (3, 2, 2, 95)
    # Destroy the two spoiled sheets and three unused damaged ones in one go (1004-1008).
    stock_services.stock_destroy(
        actor=manager,
        batch=batch,
        first_serial=1004,
        last_serial=1008,
        witness_1="李监销",
        witness_2="王监销",
        reason="误印及受潮",
    )
    bal = batch_balance(batch)
    assert (bal.destroyed, bal.destroyed_unused, bal.awaiting_destruction) == (5, 3, 0)
    assert bal.on_hand == 100 - 3 - 2 - 3 == 92
    assert bal.received == bal.on_hand + bal.issued + bal.spoiled + bal.destroyed_unused
    assert [sheet_status(batch, s) for s in (1001, 1004, 1007, 1009, 999)] == [
        "issued",
        "destroyed",
        "destroyed",
        "on_hand",
        "outside",
    ]
    # Each sheet of the register is tied to its certificate, in number order.
    tied = StockMovement.objects.filter(kind=StockMovement.ISSUE).order_by("first_serial")
    assert [m.certificate.number for m in tied] == [c.number for c in certs]
    assert AuditEntry.objects.filter(action__startswith="stock.").count() == 1 + 3 + 1 + 1
    assert audit_verify().ok


def test_cert07_sheet_cannot_be_used_twice(institution, sitting, manager):
    c1, c2 = issue(sitting, 2, actor=manager)
    batch = receive(institution)
    stock_services.stock_issue(actor=manager, batch=batch, serial=1001, certificate=c1)
    with pytest.raises(DomainError) as e:
        stock_services.stock_issue(actor=manager, batch=batch, serial=1001, certificate=c2)
    assert e.value.code == "stock_sheet_used" and "HN0001001" in e.value.message
    with pytest.raises(DomainError):  # nor spoiled after it was printed
        stock_services.stock_spoil(actor=manager, batch=batch, first_serial=1000 + 1, reason="误印")
    stock_services.stock_spoil(actor=manager, batch=batch, first_serial=1002, reason="误印")
    with pytest.raises(DomainError):  # a spoiled sheet is not printed on either
        stock_services.stock_issue(actor=manager, batch=batch, serial=1002, certificate=c2)
    with pytest.raises(DomainError) as e:  # the original print is once; a reprint is 补发
        stock_services.stock_issue(actor=manager, batch=batch, serial=1003, certificate=c1)
    assert e.value.code == "stock_cert_printed" and e.value.rule == "CERT-05"
    assert batch_balance(batch).on_hand == 98


def test_cert07_moves_outside_the_batch_range_are_refused(institution, manager):
    batch = receive(institution)
    for first, last in ((1000, 1000), (1099, 1101), (5000, None)):
        with pytest.raises(DomainError) as e:
            stock_services.stock_spoil(
                actor=manager, batch=batch, first_serial=first, last_serial=last, reason="x"
            )
        assert e.value.code == "stock_outside"
    assert batch_balance(batch).on_hand == 100


def test_cert07_destroy_needs_two_witnesses_and_never_issued_sheets(institution, sitting, manager):
    (cert,) = issue(sitting, 1, actor=manager)
    batch = receive(institution)
    stock_services.stock_spoil(actor=manager, batch=batch, first_serial=1010, reason="误印")
    for w1, w2 in (("", "王监销"), ("李监销", ""), ("李监销", " 李监销 ")):
        with pytest.raises(DomainError) as e:
            stock_services.stock_destroy(
                actor=manager, batch=batch, first_serial=1010, witness_1=w1, witness_2=w2
            )
        assert e.value.rule == "CERT-07"
    stock_services.stock_issue(actor=manager, batch=batch, serial=1011, certificate=cert)
    with pytest.raises(DomainError) as e:
        stock_services.stock_destroy(
            actor=manager,
            batch=batch,
            first_serial=1010,
            last_serial=1011,
            witness_1="李监销",
            witness_2="王监销",
        )
    assert e.value.code == "stock_destroy_refused" and "已发放" in e.value.message
    move = stock_services.stock_destroy(
        actor=manager, batch=batch, first_serial=1010, witness_1="李监销", witness_2="王监销"
    )
    assert AuditEntry.objects.get(action="stock.destroy").after["witnesses"] == [
        "李监销",
        "王监销",
    ]
    with pytest.raises(DomainError):  # destroyed once
        stock_services.stock_destroy(
            actor=manager, batch=batch, first_serial=1010, witness_1="甲", witness_2="乙"
        )
    assert move.size == 1 and batch_balance(batch).destroyed == 1


def test_cert07_stock_take_records_discrepancy_without_booking_it(institution, manager):
    batch = receive(institution)
    stock_services.stock_spoil(actor=manager, batch=batch, first_serial=1001, reason="误印")
    ok = stock_services.stock_count(actor=manager, batch=batch, counted=99)
    short = stock_services.stock_count(actor=manager, batch=batch, counted=97, note="缺2张")
    assert (ok.expected, ok.discrepancy) == (99, 0)
    assert (short.expected, short.discrepancy) == (99, -2)
    assert batch_balance(batch).on_hand == 99  # the ledger is not adjusted by a count
    assert batch_balance(batch).last_count == short
    assert AuditEntry.objects.filter(action="stock.count").last().after["discrepancy"] == -2


def test_cert07_void_certificate_is_not_printed(institution, sitting, manager):
    (cert,) = issue(sitting, 1, actor=manager)
    services.certificate_void(actor=manager, certificate=cert, reason="成绩无效")
    batch = receive(institution)
    with pytest.raises(DomainError) as e:
        stock_services.stock_issue(actor=manager, batch=batch, serial=1001, certificate=cert)
    assert e.value.rule == "CERT-06"
    assert not StockMovement.objects.filter(kind=StockMovement.ISSUE).exists()


def test_cert07_other_institutions_certificate_cannot_take_our_sheet(
    institution, other_institution, manager
):
    from tests import factories as f

    (theirs,) = issue(f.sitting(other_institution), 1)
    batch = receive(institution)
    with pytest.raises(DomainError) as e:
        stock_services.stock_issue(actor=manager, batch=batch, serial=1001, certificate=theirs)
    assert e.value.code == "stock_tenant"
