"""CERT-05: reprinting a lost or damaged certificate, on a sheet of the blank stock."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from skillcert.core.audit import audit_record
from skillcert.core.crypto import id_hash
from skillcert.core.errors import DomainError
from skillcert.core.normalize import normalize_id, normalize_text

from ..hooks import void_notice_on
from ..models import BlankStockBatch, Certificate, Replacement
from ..stock.services import stock_issue
from .registers import _user


@transaction.atomic
def replacement_create(
    *,
    actor,
    certificate: Certificate,
    reason: str,
    applied_on: date,
    id_number: str,
    holder_name: str,
    replaced_on: date | None = None,
    note: str = "",
    batch: BlankStockBatch | None = None,
    sheet_serial: int | None = None,
) -> Replacement:
    """CERT-05: reprint a lost or damaged certificate on the holder's application.

    Checked against the database first: the certificate exists and is valid, and the
    applicant is its holder (name, and the ID number presented matches the stored keyed
    hash), and the loss was declared void in public first (CERT-10, a notice recorded by
    records, asked through certificates.hooks). The reprint keeps the original number; the
    sheet it is printed on, when given, is issued from the blank stock (CERT-07).
    """
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=certificate.pk)
    )
    if certificate.status != Certificate.VALID:
        raise DomainError(
            "replace_void",
            f"证书{certificate.number}已作废，不能补发",
            rule="CERT-05",
        )
    if reason not in dict(Replacement.REASONS):
        raise DomainError("replace_reason", "请选择补发原因（遗失或损毁）", field="reason")
    today = timezone.localdate()
    replaced_on = replaced_on or today
    if not isinstance(applied_on, date):
        raise DomainError("applied_on", "请填写申请日期", field="applied_on")
    if applied_on > today or replaced_on > today:
        raise DomainError("replace_date", "申请日期和补发日期不能晚于今天", field="applied_on")
    if applied_on < certificate.issued_on or replaced_on < applied_on:
        raise DomainError(
            "replace_date",
            "申请日期不能早于发证日期，补发日期不能早于申请日期",
            field="applied_on",
        )
    person = certificate.person
    name = normalize_text(" ".join((holder_name or "").split()))
    number = normalize_id(id_number)  # as typed: full-width digits, a lower-case x
    if (
        not number
        or name != certificate.holder_name
        or not constant_time_compare(id_hash(person.id_type, number), person.id_hash)
    ):
        raise DomainError(
            "replace_identity",
            "申请人姓名或证件号码与证书持证人不符，不能补发",
            field="id_number",
            rule="CERT-05",
        )
    if void_notice_on(certificate_id=certificate.pk, by=replaced_on) is None:
        raise DomainError(
            "replace_void_notice",
            f"证书{certificate.number}尚未登记作废声明（登报声明作废或平台公告），"
            "须先声明作废才能补发",
            field="reason",
            rule="CERT-10",
        )
    note = " ".join((note or "").split())
    if len(note) > 200:
        raise DomainError("replace_note", "备注不能超过200字", field="note")
    if (batch is None) != (sheet_serial is None):
        raise DomainError("replace_sheet", "请同时填写空白证书批次和印刷编号", field="sheet_serial")
    replacement = Replacement.objects.create(
        institution_id=certificate.institution_id,
        certificate=certificate,
        reason=reason,
        applied_on=applied_on,
        replaced_on=replaced_on,
        note=note,
        created_by=_user(actor),
    )
    sheet = None
    if batch is not None:
        sheet = stock_issue(
            actor=actor,
            batch=batch,
            serial=sheet_serial,
            certificate=certificate,
            replacement=replacement,
            on=replaced_on,
        )
    audit_record(
        actor=actor,
        action="certificate.replace",
        obj=certificate,
        after={
            "number": certificate.number,  # unchanged: the same number is reprinted
            "replacement": replacement.pk,
            "reason": reason,
            "applied_on": applied_on,
            "replaced_on": replaced_on,
            "sheet": sheet.range_label if sheet else None,
        },
    )
    return replacement
