"""Writes of complaints (REC-04, 004 考生投诉处理办法), each audited in its transaction.

register -> accept (investigate, with a written notice; or decline, with one) within 3
working days -> [extend, with a notice, before the deadline] -> decide (notice) within 7
working days -> archive. Deadlines are official working days (core.workdays: holidays and
make-up working days). A person complained about takes no part in handling it: every
service refuses an actor whose person is among the accused (REC-04 四).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.core.workdays import add_workdays
from skillcert.institutions.models import Institution
from skillcert.people.models import Person
from skillcert.plans.models import Sitting
from skillcert.violations import evidence as sealing

from .. import texts as t
from ..models.complaints import Complaint, ComplaintEvidence, ComplaintNotice
from ..sealed import removed_on_error, seal_into
from ..texts import user_or_none
from .notices import notice_text


def _snapshot(c: Complaint) -> dict:
    return {
        "sitting": c.sitting_id,
        "name": c.name,
        "unit": c.unit,
        "contact": c.contact,
        "received_on": c.received_on,
        "accused": sorted(c.accused.values_list("pk", flat=True)) if c.pk else [],
        "status": c.status,
        "accept_due": c.accept_due,
        "decision_due": c.decision_due,
        "extended": c.extended,
        "accepted_on": c.accepted_on,
        "decided_on": c.decided_on,
        "decision": c.decision,
    }


def _not_accused(actor, person_ids) -> None:
    """REC-04: the person complained about takes no part in handling the complaint."""
    user = user_or_none(actor)
    if user is None:
        return
    mine = Person.objects.filter(user=user).values_list("pk", flat=True).first()
    if mine is not None and mine in set(person_ids):
        raise DomainError(
            "accused_handler",
            "您是被投诉人员，不得参与该投诉的承办（REC-04）",
            rule="REC-04",
        )


EARLIEST = date(2000, 1, 1)  # no complaint predates the certificate system this one keeps


def _day(value, *, field: str, label: str, not_before: date | None = None) -> date:
    if value is None:
        value = timezone.localdate()
    if not isinstance(value, date):
        raise DomainError(field, f"请填写{label}", field=field)
    if value > timezone.localdate():
        raise DomainError(f"{field}_future", f"{label}不能晚于今天", field=field)
    not_before = max(not_before or EARLIEST, EARLIEST)
    if value < not_before:
        raise DomainError(field, f"{label}不能早于{not_before}", field=field)
    return value


def _locked(complaint: Complaint, actor, *statuses: str) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _not_accused(actor, complaint.accused.values_list("pk", flat=True))
    if complaint.status not in statuses:
        raise DomainError(
            "complaint_status",
            f"该投诉当前为“{complaint.get_status_display()}”，不能进行此操作",
            rule="REC-04",
        )
    return complaint


def _noticed(
    *,
    actor,
    complaint: Complaint,
    before: dict,
    action: str,
    kind: str,
    on: date,
    text: str,
    extra: dict | None = None,
) -> ComplaintNotice:
    """Save the step, write its notice to the complainant and its audit entry."""
    complaint.save()
    row = ComplaintNotice.objects.create(
        complaint=complaint,
        kind=kind,
        issued_on=on,
        text=text or notice_text(complaint, kind),
        by=user_or_none(actor),
    )
    after = _snapshot(complaint) | (extra or {}) | {"notice": row.pk}
    audit_record(actor=actor, action=action, obj=complaint, before=before, after=after)
    return row


@transaction.atomic
def complaint_register(
    *,
    actor,
    institution: Institution,
    name: str,
    contact: str,
    content: str,
    unit: str = "",
    received_on: date | None = None,
    sitting: Sitting | None = None,
    accused: list[Person] | None = None,
    evidence: list[tuple[str, bytes]] | None = None,
) -> Complaint:
    """REC-04 二: register name, unit, contact, content and evidence; the deadlines (3 and 7
    working days after receipt) are fixed now."""
    name = t.text(name, field="name", label="投诉人姓名", max_length=50)
    unit = t.text(unit, field="unit", label="单位", max_length=100, required=False)
    contact = t.text(contact, field="contact", label="联系方式", max_length=100)
    content = t.text(content, field="content", label="投诉内容")
    received_on = _day(received_on, field="received_on", label="收到日期")
    if sitting is not None and sitting.institution_id != institution.pk:
        raise DomainError("sitting", "该批次不属于本机构", field="sitting")
    accused = list(accused or [])
    _not_accused(actor, [p.pk for p in accused])
    files = list(evidence or [])
    if len(files) > sealing.MAX_FILES:
        raise DomainError("evidence_count", f"证据文件最多{sealing.MAX_FILES}个", field="evidence")
    checked = [(sealing.clean_name(n), d, sealing.evidence_check(n, d)) for n, d in files]
    r = rules()
    with removed_on_error() as saved:
        complaint = Complaint.objects.create(
            institution=institution,
            sitting=sitting,
            name=name,
            unit=unit,
            contact=contact,
            content=content,
            received_on=received_on,
            accept_due=add_workdays(received_on, r.complaint_accept_workdays),
            decision_due=add_workdays(received_on, r.complaint_decision_workdays),
            registered_by=user_or_none(actor),
        )
        complaint.accused.set(accused)
        for filename, data, kind in checked:
            row = ComplaintEvidence(
                complaint=complaint,
                filename=filename,
                content_type=kind,
                size=len(data),
                sha256=sealing.digest(data),
            )
            seal_into(row.file, data, saved)
            row.save()
        after = _snapshot(complaint) | {"evidence": [c[0] for c in checked]}
        audit_record(actor=actor, action="complaint.register", obj=complaint, after=after)
    return complaint


@transaction.atomic
def complaint_accept(
    *,
    actor,
    complaint: Complaint,
    investigate: bool,
    reason: str,
    on: date | None = None,
    notice: str = "",
) -> ComplaintNotice:
    """REC-04 三: after a first look, decide whether to investigate and tell the complainant
    in writing (the notice); a decision after the 3 working days is kept and shown late."""
    reason = t.text(reason, field="reason", label="初步了解情况")
    notice = t.text(notice, field="notice", label="通知内容", required=False)
    complaint = _locked(complaint, actor, Complaint.REGISTERED)
    on = _day(on, field="on", label="通知日期", not_before=complaint.received_on)
    before = _snapshot(complaint)
    complaint.status = Complaint.INVESTIGATING if investigate else Complaint.DECLINED
    complaint.accepted_on = on
    complaint.accept_reason = reason
    return _noticed(
        actor=actor,
        complaint=complaint,
        before=before,
        action="complaint.accept" if investigate else "complaint.decline",
        kind=ComplaintNotice.ACCEPTANCE,
        on=on,
        text=notice,
    )


@transaction.atomic
def complaint_extend(
    *,
    actor,
    complaint: Complaint,
    workdays: int,
    reason: str,
    on: date | None = None,
    notice: str = "",
) -> ComplaintNotice:
    """REC-04 七: an extension, before the decision is due, told to the complainant."""
    reason = t.text(reason, field="reason", label="延期原因")
    notice = t.text(notice, field="notice", label="通知内容", required=False)
    most = rules().complaint_extension_max_workdays
    if not isinstance(workdays, int) or not 1 <= workdays <= most:
        raise DomainError(
            "workdays", f"延长期限须为1至{most}个工作日", field="workdays", rule="REC-04"
        )
    complaint = _locked(complaint, actor, Complaint.INVESTIGATING)
    on = _day(on, field="on", label="通知日期", not_before=complaint.received_on)
    if on > complaint.decision_due:
        raise DomainError(
            "extension_late",
            f"处理期限{complaint.decision_due}已过，须在期限届满前决定延期并通知投诉人",
            field="on",
            rule="REC-04",
        )
    before = _snapshot(complaint)
    complaint.decision_due = add_workdays(complaint.decision_due, workdays)
    complaint.extended = True
    return _noticed(
        actor=actor,
        complaint=complaint,
        before=before,
        action="complaint.extend",
        kind=ComplaintNotice.EXTENSION,
        on=on,
        text=notice,
        extra={"reason": reason, "workdays": workdays},
    )


@transaction.atomic
def complaint_decide(
    *, actor, complaint: Complaint, decision: str, on: date | None = None, notice: str = ""
) -> ComplaintNotice:
    """REC-04 五/七: the decision on the facts, with a written notice to the complainant."""
    decision = t.text(decision, field="decision", label="处理决定")
    notice = t.text(notice, field="notice", label="通知内容", required=False)
    complaint = _locked(complaint, actor, Complaint.INVESTIGATING)
    on = _day(on, field="on", label="决定日期", not_before=complaint.accepted_on)
    before = _snapshot(complaint)
    complaint.status = Complaint.DECIDED
    complaint.decided_on = on
    complaint.decision = decision
    return _noticed(
        actor=actor,
        complaint=complaint,
        before=before,
        action="complaint.decide",
        kind=ComplaintNotice.DECISION,
        on=on,
        text=notice,
    )


@transaction.atomic
def complaint_archive(*, actor, complaint: Complaint) -> Complaint:
    """REC-04 八: archived once decided (or declined); nothing changes afterwards."""
    complaint = _locked(complaint, actor, Complaint.DECIDED, Complaint.DECLINED)
    before = _snapshot(complaint)
    complaint.status = Complaint.ARCHIVED
    complaint.archived_at = timezone.now()
    complaint.save()
    audit_record(
        actor=actor,
        action="complaint.archive",
        obj=complaint,
        before=before,
        after=_snapshot(complaint),
    )
    return complaint
