"""VIOL-05 correction notices: marking the corrections sent to the authority."""

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution

from ..models import CorrectionNotice
from .records import _user


@transaction.atomic
def correction_notices_mark_sent(
    *, actor, institution: Institution, notice_ids: list[int]
) -> list[CorrectionNotice]:
    """A report or export to the authority sent these corrections; mark them sent."""
    ids = sorted({int(i) for i in notice_ids})
    if not ids:
        raise DomainError("nothing_chosen", "请选择要标记的更正通知", field="ids")
    notices = list(
        CorrectionNotice.objects.select_for_update().filter(institution=institution, pk__in=ids)
    )
    if len(notices) != len(ids):
        raise DomainError("not_found", "部分更正通知不存在或不属于本机构", field="ids")
    now = timezone.now()
    for n in notices:
        if n.sent:
            continue
        n.sent, n.sent_at, n.sent_by = True, now, _user(actor)
        n.save(update_fields=["sent", "sent_at", "sent_by"])
        audit_record(
            actor=actor,
            action="correction_notice.sent",
            obj=n,
            before={"sent": False},
            after={"sent": True, "certificate": n.certificate_number},
        )
    return notices
