"""The issued-certificate data sent to the authority (CERT-08), as an .xlsx workbook.

Layout (one sheet "证书数据", header on row 1, one certificate per row from row 2, in
certificate-number order; every cell is text except 序号):

| col | header          | content                                                         |
|-----|-----------------|-----------------------------------------------------------------|
| A   | 序号            | 1, 2, 3 … (number)                                              |
| B   | 证书编号        | the 22-character number (CERT-01)                               |
| C   | 姓名            | holder's name as printed                                        |
| D   | 证件类型        | 居民身份证 / 港澳居民来往内地通行证 / … (label)                  |
| E   | 证件号码        | the FULL ID number (see below)                                  |
| F   | 职业编码        | e.g. 6-18-01-01                                                 |
| G   | 职业名称        | e.g. 车工                                                        |
| H   | 工种/职业方向   | e.g. 数控车床, empty when none                                   |
| I   | 职业技能等级    | 五级/初级工 … 一级/高级技师 (label)                              |
| J   | 等级代码        | 5 … 1 (the level digit of the number)                           |
| K   | 发证日期        | YYYY-MM-DD                                                      |
| L   | 发证机构        | issuer's name as printed                                        |
| M   | 批次            | the sitting's name                                              |
| N   | 证书状态        | 有效 / 已作废                                                   |
| O   | 作废日期        | YYYY-MM-DD, empty when valid                                    |
| P   | 作废原因        | empty when valid                                                |
| Q   | 补发记录        | "YYYY-MM-DD 遗失" per replacement, "；"-separated (CERT-05)      |

Full or masked ID? Full. Holders enter the skilled-worker statistics (CERT-08, 003 §20) and
the authority's certificate database is keyed by the ID number; a masked number cannot be
entered there. The export is therefore treated like the certificate PDF: only the
institution's managers may create or download it, the file is stored sealed, served only
through a tenancy-checked view with `no-store`, and every creation, download and "sent"
record is in the audit chain. Screens keep showing masked numbers.

Void certificates are included with their status, so the authority can withdraw data it
already holds (004: 对已发放证书、已上网证书数据及时做出相应处理).
"""

from datetime import date

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.files import scratch
from skillcert.core.xlsx import workbook
from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting

from .models import Certificate, CertificateExport, Replacement
from .sealing import seal_and_store

SHEET = "证书数据"
COLUMNS = (
    "序号",
    "证书编号",
    "姓名",
    "证件类型",
    "证件号码",
    "职业编码",
    "职业名称",
    "工种/职业方向",
    "职业技能等级",
    "等级代码",
    "发证日期",
    "发证机构",
    "批次",
    "证书状态",
    "作废日期",
    "作废原因",
    "补发记录",
)
EXPORT_MAX_DAYS = 3660  # a period longer than ten years is almost surely a typo


def _row(i: int, c: Certificate) -> list:
    replaced = "；".join(
        f"{r.replaced_on:%Y-%m-%d} {r.get_reason_display()}"
        for r in sorted(c.replacements.all(), key=lambda r: (r.replaced_on, r.pk))
    )
    return [
        i,
        c.number,
        c.holder_name,
        c.id_type_label,
        c.person.id_number,  # full: see the module docstring
        c.occupation_code,
        c.occupation_name,
        c.job_type_name,
        c.level_label,
        str(c.level),
        f"{c.issued_on:%Y-%m-%d}",
        c.issuer_name,
        c.register.sitting.name,
        c.get_status_display(),
        f"{c.voided_on:%Y-%m-%d}" if c.voided_on else "",
        c.void_reason,
        replaced,
    ]


def export_certificates(
    institution: Institution,
    *,
    sitting: Sitting | None = None,
    issued_from: date | None = None,
    issued_to: date | None = None,
):
    qs = Certificate.objects.filter(institution=institution)
    if sitting is not None:
        qs = qs.filter(register__sitting=sitting)
    if issued_from is not None:
        qs = qs.filter(issued_on__gte=issued_from)
    if issued_to is not None:
        qs = qs.filter(issued_on__lte=issued_to)
    return (
        qs.select_related("person", "register__sitting")
        .prefetch_related(Prefetch("replacements", queryset=Replacement.objects.order_by("id")))
        .order_by("number")
    )


def write_workbook(certs, fileobj) -> int:
    """Write the documented layout to `fileobj`; returns the number of certificate rows."""
    book = workbook(fileobj, {"constant_memory": True, "in_memory": False})
    sheet = book.add_worksheet(SHEET)
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, COLUMNS, bold)
    n = 0
    for n, cert in enumerate(certs, start=1):
        row = _row(n, cert)
        sheet.write_number(n, 0, row[0])
        for col, value in enumerate(row[1:], start=1):
            sheet.write_string(n, col, value)
    book.close()
    return n


@transaction.atomic
def certificate_export_create(
    *,
    actor,
    institution: Institution,
    sitting: Sitting | None = None,
    issued_from: date | None = None,
    issued_to: date | None = None,
) -> CertificateExport:
    """CERT-08: the workbook of a sitting's or a period's certificates, stored sealed."""
    if sitting is None and issued_from is None and issued_to is None:
        raise DomainError(
            "export_scope", "请选择批次或发证日期范围", field="issued_from", rule="CERT-08"
        )
    if sitting is not None and sitting.institution_id != institution.pk:
        raise DomainError("export_sitting", "批次不属于本机构", field="sitting", rule="CERT-08")
    if issued_from and issued_to:
        if issued_to < issued_from:
            raise DomainError(
                "export_period", "结束日期不能早于开始日期", field="issued_to", rule="CERT-08"
            )
        if (issued_to - issued_from).days > EXPORT_MAX_DAYS:
            raise DomainError(
                "export_period", "导出期间不能超过10年", field="issued_to", rule="CERT-08"
            )
    certs = export_certificates(
        institution, sitting=sitting, issued_from=issued_from, issued_to=issued_to
    )
    if not certs.exists():
        raise DomainError(
            "export_empty", "所选范围内没有已核发的证书", field="issued_from", rule="CERT-08"
        )
    with scratch() as plain:
        rows = write_workbook(certs.iterator(chunk_size=1000), plain)
        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        name, sha256 = seal_and_store(
            plain, f"certificates/exports/{institution.pk}/certificates-{stamp}.xlsx.sealed"
        )
    try:
        export = CertificateExport.objects.create(
            institution=institution,
            sitting=sitting,
            issued_from=issued_from,
            issued_to=issued_to,
            rows=rows,
            file=name,
            sha256=sha256,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action="certificate.export",
            obj=export,
            after={
                "sitting": sitting.pk if sitting else None,
                "issued_from": issued_from,
                "issued_to": issued_to,
                "rows": rows,
                "sha256": export.sha256,
                "full_id_numbers": True,
            },
        )
    except Exception:
        default_storage.delete(name)  # no file without its record
        raise
    return export


@transaction.atomic
def certificate_export_downloaded(*, actor, export: CertificateExport) -> None:
    """Every download of a file with full ID numbers is audited (CERT-08)."""
    audit_record(
        actor=actor,
        action="certificate.export_download",
        obj=export,
        after={"sha256": export.sha256, "rows": export.rows},
    )


@transaction.atomic
def certificate_export_mark_sent(
    *, actor, export: CertificateExport, sent_on: date, sent_to: str
) -> CertificateExport:
    """CERT-08: record that the data went to the authority (报送), when and to whom."""
    export = CertificateExport.objects.select_for_update().get(pk=export.pk)
    sent_to = " ".join((sent_to or "").split())
    if not sent_to:
        raise DomainError("sent_to", "请填写报送单位", field="sent_to", rule="CERT-08")
    if len(sent_to) > 100:
        raise DomainError("sent_to", "报送单位不能超过100字", field="sent_to")
    if not isinstance(sent_on, date) or sent_on > timezone.localdate():
        raise DomainError("sent_on", "报送日期不能晚于今天", field="sent_on", rule="CERT-08")
    if sent_on < timezone.localdate(export.created_at):
        raise DomainError("sent_on", "报送日期不能早于导出日期", field="sent_on", rule="CERT-08")
    if export.sent_on is not None:
        raise DomainError(
            "already_sent", f"该导出已于{export.sent_on}报送{export.sent_to}", rule="CERT-08"
        )
    export.sent_on, export.sent_to = sent_on, sent_to
    export.sent_by = actor if getattr(actor, "is_authenticated", False) else None
    export.save(update_fields=["sent_on", "sent_to", "sent_by"])
    audit_record(
        actor=actor,
        action="certificate.export_sent",
        obj=export,
        before={"sent_on": None},
        after={"sent_on": sent_on, "sent_to": sent_to, "sha256": export.sha256},
    )
    return export
