"""INST-08 change applications: the institution applies with its reason and documents; the
authority approves (the record changes through institutions' audited service) or rejects."""

import hashlib
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from skillcert.core import crypto
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.institutions import services as institutions
from skillcert.institutions.models import Institution

from ..flow import is_authority_for
from ..models import ChangeApplication as C
from ..models import ChangeDocument as D
from ..services.attachments import _content_type


# INST-08: what each change must bring (the appointment document only for companies/colleges)
def required_documents(kind: str, institution: Institution) -> list[str]:
    if kind == C.LEGAL_REP:
        needed = [D.ID_COPY]
        if institution.kind in (Institution.EMPLOYER, Institution.COLLEGE):
            needed.append(D.APPOINTMENT)
        return needed
    return [D.BASIS]


def _checked(data: bytes, field: str) -> str:
    cap = rules().filing_attachment_max_mb
    if not data:
        raise DomainError("change_file_empty", "请选择要上传的文件", field=field, rule="INST-08")
    if len(data) > cap * 1024 * 1024:
        raise DomainError(
            "change_file_size", f"单个材料不能超过{cap}MB", field=field, rule="INST-08"
        )
    return _content_type(data, field)


@transaction.atomic
def change_submit(
    *,
    actor,
    institution: Institution,
    kind: str,
    new_value: str,
    reason: str,
    documents: dict[str, tuple[str, bytes]],
) -> C:
    """INST-08: a written application with its reason and documents (checked by content,
    sealed); the record is not changed yet."""
    if kind not in dict(C.KINDS):
        raise DomainError("change_kind", "请选择变更事项", field="kind", rule="INST-08")
    if institution.status == Institution.DRAFT:
        raise DomainError(
            "change_draft", "机构尚未备案，请直接完善机构信息", field="kind", rule="INST-08"
        )
    reason = (reason or "").strip()
    if not reason or "\x00" in reason or len(reason) > 2000:
        raise DomainError(
            "change_reason", "须写明变更理由（2000字以内）", field="reason", rule="INST-08"
        )
    new_value = (new_value or "").strip()
    limit = Institution._meta.get_field(kind).max_length
    if not new_value or "\x00" in new_value or len(new_value) > limit:
        raise DomainError(
            "change_value",
            f"变更后内容不能为空且不超过{limit}个字符",
            field="new_value",
            rule="INST-08",
        )
    if new_value == getattr(institution, kind):
        raise DomainError(
            "change_same", "变更后内容与现有内容相同", field="new_value", rule="INST-08"
        )
    if C.objects.filter(institution=institution, kind=kind, state=C.SUBMITTED).exists():
        raise DomainError(
            "change_pending", "该事项已有待审核的变更申请", field="kind", rule="INST-08"
        )
    needed = required_documents(kind, institution)
    for doc in needed:
        if doc not in documents:
            raise DomainError(
                "change_document", f"请上传{dict(D.KINDS)[doc]}", field=doc, rule="INST-08"
            )
    checked = {doc: _checked(documents[doc][1], doc) for doc in needed}
    application = C.objects.create(
        institution=institution,
        kind=kind,
        old_value=getattr(institution, kind),
        new_value=new_value,
        reason=reason,
        submitted_by=actor,
    )
    for doc in needed:
        name, data = documents[doc]
        row = D(
            application=application,
            kind=doc,
            name=((name or "材料").replace("\x00", "").strip()[-200:] or "材料"),
            content_type=checked[doc],
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        row.file.save(f"{row.sha256[:16]}.bin", ContentFile(crypto.encrypt_bytes(data)), save=False)
        row.save()
    audit_record(
        actor=actor,
        action="change.submit",
        obj=application,
        after={"kind": kind, "old": application.old_value, "new": new_value, "reason": reason},
    )
    return application


def _decidable(actor, application: C) -> C:
    application = C.objects.select_for_update().select_related("institution").get(pk=application.pk)
    if not is_authority_for(actor, application):
        raise DomainError("change_forbidden", "您无权审核该变更申请", rule="INST-08")
    if application.state != C.SUBMITTED:
        raise DomainError(
            "change_decided", f"该申请已{application.get_state_display()}", rule="INST-08"
        )
    return application


@transaction.atomic
def change_approve(*, actor, application: C, note: str = "") -> C:
    """INST-08: on approval, and only then, the institution's record changes (audited)."""
    application = _decidable(actor, application)
    institutions.institution_record_change(
        actor=actor,
        institution=application.institution,
        field=application.kind,
        value=application.new_value,
        basis=f"变更申请{application.pk}",
    )
    return _decide(actor, application, C.APPROVED, note, "change.approve")


@transaction.atomic
def change_reject(*, actor, application: C, note: str) -> C:
    application = _decidable(actor, application)
    if not (note or "").strip():
        raise DomainError("change_note", "驳回须写明理由", field="note", rule="INST-08")
    return _decide(actor, application, C.REJECTED, note, "change.reject")


def _decide(actor, application: C, state: str, note: str, action: str) -> C:
    note = (note or "").replace("\x00", "").strip()[:2000]
    application.state, application.decision_note = state, note
    application.decided_by, application.decided_at = actor, timezone.now()
    application.save(update_fields=["state", "decision_note", "decided_by", "decided_at"])
    audit_record(actor=actor, action=action, obj=application, after={"state": state, "note": note})
    return application


def document_bytes(document: D) -> bytes:
    with document.file.open("rb") as fh:
        return crypto.decrypt_bytes(fh.read())


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    if not 1 <= quarter <= 4:
        raise DomainError("quarter", "季度应为1到4", field="quarter", rule="INST-08")
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end
