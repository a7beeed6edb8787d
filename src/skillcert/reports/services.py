"""Writes of reports (REC-08, CERT-08): the record that a document was sent upward, and the
audit entry of every download of a file holding full ID numbers."""

import hashlib
from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting

from .documents.sending import SITTING_KINDS, outgoing
from .documents.sittings import held
from .models import ReportDelivery as D

KINDS = dict(D.KINDS)


def _check(*, institution, kind, period_start, period_end, sitting, content, today) -> None:
    if kind not in KINDS:
        raise DomainError("report_kind", "报表类型无效", field="kind", rule="REC-08")
    if not content:
        raise DomainError("report_empty", "报送文件为空", field="content", rule="REC-08")
    if period_end < period_start:
        raise DomainError(
            "report_period", "统计期止不能早于统计期起", field="period_end", rule="REC-08"
        )
    if kind in SITTING_KINDS:
        if sitting is None or sitting.institution_id != institution.pk:
            raise DomainError(
                "report_sitting", "请选择本机构的批次", field="sitting", rule="REC-08"
            )
        if kind == D.SUMMARY and not held(sitting, today):
            raise DomainError(
                "report_not_held",
                f"批次“{sitting.name}”尚未举行，不能报送总结报告",
                field="sitting",
                rule="REC-08",
            )
    elif period_end >= today:
        raise DomainError(
            "report_period_open",
            f"统计期至{period_end:%Y年%m月%d日}尚未结束，结束后才能报送{KINDS[kind]}",
            field="period_end",
            rule="REC-08",
        )


@transaction.atomic
def delivery_record(
    *,
    actor,
    institution: Institution,
    kind: str,
    period_start: date,
    period_end: date,
    sitting: Sitting | None = None,
    content: bytes,
) -> D:
    """REC-08: `content` was sent to the authority: keep its SHA-256, who sent it and when
    (the dashboard reads these rows for overdue reports). A period that has not ended, or a
    summary of a sitting not yet held, is refused."""
    today = timezone.localdate()
    _check(
        institution=institution,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        sitting=sitting,
        content=content,
        today=today,
    )
    delivery = D.objects.create(
        institution=institution,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        sitting=sitting,
        sha256=hashlib.sha256(content).hexdigest(),
        sent_at=timezone.now(),
        sent_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="report.send",
        obj=delivery,
        after={
            "kind": kind,
            "period": [period_start.isoformat(), period_end.isoformat()],
            "sitting": sitting.pk if sitting else None,
            "sha256": delivery.sha256,
            "bytes": len(content),
        },
    )
    return delivery


def report_send(
    *,
    actor,
    institution: Institution,
    kind: str,
    year: int | None = None,
    quarter: int | None = None,
    sitting: Sitting | None = None,
) -> D:
    """Build today's file of `kind` and record it as sent (the page's and API's 报送)."""
    out = outgoing(
        institution=institution,
        kind=kind,
        on=timezone.localdate(),
        year=year,
        quarter=quarter,
        sitting=sitting,
    )
    return delivery_record(
        actor=actor,
        institution=institution,
        kind=out.kind,
        period_start=out.period_start,
        period_end=out.period_end,
        sitting=out.sitting,
        content=out.content,
    )


@transaction.atomic
def roster_downloaded(*, actor, sitting: Sitting) -> None:
    """The 花名册 holds full ID numbers: each download is in the audit chain (as the
    certificate export's, certificates/export.py)."""
    audit_record(actor=actor, action="report.full_id_download", obj=sitting)
