"""Writes of a sitting's archive (REC-01..03): assembling its items from the sources,
locating paper items, borrowing and copying, destruction on an approved request, and the
package job. Each audited in its transaction."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.four_eyes import require_other_person
from skillcert.core.rules import rules
from skillcert.plans.models import Sitting

from ..actors import user_of
from ..models import ArchiveAccess, ArchiveItem, ArchivePackage, DestructionRequest
from .sources import SOURCES, Entry


def retention_years(retention_class: str) -> int | None:
    """REC-01: years an item of this class is kept (rule settings); None = permanently."""
    r = rules()
    return {
        ArchiveItem.PAPER: r.retention_paper_years,
        ArchiveItem.ELECTRONIC: r.retention_electronic_years,
        ArchiveItem.VIDEO: r.retention_video_years,
        ArchiveItem.PROOF: r.retention_proof_years,
        ArchiveItem.EXAM_PAPER: r.retention_exam_paper_years,
    }.get(retention_class)


def destroy_after(retention_class: str, dated_on: date) -> date | None:
    """REC-01: the earliest destruction date, the day after the retention ends."""
    years = retention_years(retention_class)
    if years is None:
        return None
    try:
        end = dated_on.replace(year=dated_on.year + years)
    except ValueError:  # 29 February
        end = dated_on.replace(year=dated_on.year + years, day=28)
    return end


def sitting_entries(sitting: Sitting) -> list[tuple[str, Entry]]:
    """(source key, entry) of every source for the sitting (REC-03)."""
    return [(key, e) for key, source in SOURCES.items() for e in source.collect(sitting)]


@transaction.atomic
def archive_assemble(*, actor, sitting: Sitting) -> int:
    """REC-03: the sitting's archive from what skillcert holds, one item per record with
    its retention class and earliest destruction date (REC-01). Run again it adds what is
    new and keeps locations; a destroyed item stays destroyed. Returns the items added."""
    Sitting.objects.select_for_update().filter(pk=sitting.pk).first()
    have = {(i.source, i.ref): i for i in ArchiveItem.objects.filter(sitting=sitting)}
    added = []
    for key, entry in sitting_entries(sitting):
        if (key, entry.ref) in have:
            continue
        added.append(
            ArchiveItem(
                institution_id=sitting.institution_id,
                sitting=sitting,
                source=key,
                ref=entry.ref,
                title=entry.title[:200],
                retention_class=entry.retention_class,
                paper=entry.paper,
                dated_on=entry.dated_on,
                destroy_after=destroy_after(entry.retention_class, entry.dated_on),
            )
        )
    ArchiveItem.objects.bulk_create(added)
    audit_record(
        actor=actor,
        action="archive.assemble",
        obj=sitting,
        after={"added": [f"{i.source}:{i.ref}" for i in added], "total": len(have) + len(added)},
    )
    return len(added)


@transaction.atomic
def archive_locate(*, actor, item: ArchiveItem, box: str, shelf: str) -> ArchiveItem:
    """REC-03: a paper item's box and shelf."""
    item = ArchiveItem.objects.select_for_update().get(pk=item.pk)
    if not item.paper:
        raise DomainError("not_paper", "电子档案无需登记盒号和架位", field="box")
    box, shelf = " ".join((box or "").split()), " ".join((shelf or "").split())
    if not box or not shelf:
        raise DomainError("location", "请填写盒号和架位", field="box" if not box else "shelf")
    if len(box) > 30 or len(shelf) > 30:
        raise DomainError("location", "盒号和架位不能超过30字", field="box")
    before = {"box": item.box, "shelf": item.shelf}
    item.box, item.shelf = box, shelf
    item.save(update_fields=["box", "shelf"])
    audit_record(
        actor=actor,
        action="archive.locate",
        obj=item,
        before=before,
        after={"box": box, "shelf": shelf},
    )
    return item


@transaction.atomic
def access_request(
    *, actor, item: ArchiveItem, kind: str, borrower: str, purpose: str
) -> ArchiveAccess:
    """REC-02: a request to borrow or copy an item, waiting for approval."""
    if item.status != ArchiveItem.KEPT:
        raise DomainError("destroyed", "该档案已销毁", rule="REC-02")
    if kind not in dict(ArchiveAccess.KINDS):
        raise DomainError("kind", "请选择借阅或复制", field="kind")
    borrower, purpose = " ".join((borrower or "").split()), " ".join((purpose or "").split())
    if not borrower or len(borrower) > 50:
        raise DomainError("borrower", "请填写借阅人（50字以内）", field="borrower")
    if not purpose or len(purpose) > 200:
        raise DomainError("purpose", "请填写用途（200字以内）", field="purpose")
    access = ArchiveAccess.objects.create(
        institution_id=item.institution_id,
        item=item,
        kind=kind,
        borrower=borrower,
        purpose=purpose,
        requested_by=user_of(actor),
    )
    audit_record(
        actor=actor,
        action="archive_access.request",
        obj=access,
        after={"item": item.pk, "kind": kind, "borrower": borrower, "purpose": purpose},
    )
    return access


def _decide(actor, model, row, *, approve: bool, record: str):
    """REC-02: a waiting request approved or refused by another person than the requester."""
    row = model.objects.select_for_update().get(pk=row.pk)
    if row.status != model.REQUESTED:
        raise DomainError("decided", f"该{record}已审批", rule="REC-02")
    require_other_person(
        maker=row.requested_by,
        approver=actor,
        rule="REC-02",
        record=record,
        may_approve="本机构另一名负责人或考务人员",
        made="提出",
        act="审批",
    )
    row.status = model.APPROVED if approve else model.REFUSED
    row.decided_by, row.decided_at = user_of(actor), timezone.now()
    row.save(update_fields=["status", "decided_by", "decided_at"])
    return row


@transaction.atomic
def access_decide(*, actor, access: ArchiveAccess, approve: bool) -> ArchiveAccess:
    """REC-02: approve or refuse a borrowing or copying, by another person than the requester."""
    access = _decide(actor, ArchiveAccess, access, approve=approve, record="借阅申请")
    audit_record(
        actor=actor,
        action="archive_access.approve" if approve else "archive_access.refuse",
        obj=access,
        after={"status": access.status},
    )
    return access


@transaction.atomic
def access_return(*, actor, access: ArchiveAccess) -> ArchiveAccess:
    """REC-02: a borrowed item back in the archive."""
    access = ArchiveAccess.objects.select_for_update().get(pk=access.pk)
    if access.status != ArchiveAccess.APPROVED or access.kind != ArchiveAccess.BORROW:
        raise DomainError("not_borrowed", "只有已批准的借阅才能登记归还", rule="REC-02")
    access.status, access.returned_at = ArchiveAccess.RETURNED, timezone.now()
    access.save(update_fields=["status", "returned_at"])
    audit_record(
        actor=actor, action="archive_access.return", obj=access, after={"status": access.status}
    )
    return access


def _destroyable(items: list[ArchiveItem], today: date) -> None:
    """REC-01/02: permanent items never; others only after their retention ends."""
    for item in items:
        if item.permanent:
            raise DomainError(
                "permanent", f"“{item.title}”永久保存，不能销毁", field="items", rule="REC-01"
            )
        if item.status != ArchiveItem.KEPT:
            raise DomainError("destroyed", f"“{item.title}”已销毁", field="items", rule="REC-02")
        if item.destroy_after is None or item.destroy_after > today:
            raise DomainError(
                "retention",
                f"“{item.title}”保管期限未满，最早销毁日期为{item.destroy_after}，不能申请销毁",
                field="items",
                rule="REC-02",
            )


@transaction.atomic
def destruction_request(
    *, actor, sitting: Sitting, items: list[ArchiveItem], reason: str
) -> DestructionRequest:
    """REC-02: a request to destroy items of the sitting's archive whose retention has
    ended; the items are its inventory (销毁清册). Permanent items are refused (REC-01)."""
    if not items:
        raise DomainError("items", "请选择要销毁的档案", field="items")
    if any(i.sitting_id != sitting.pk for i in items):
        raise DomainError("items", "只能选择本批次的档案", field="items")
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > 200:
        raise DomainError("reason", "请填写销毁理由（200字以内）", field="reason")
    _destroyable(items, timezone.localdate())
    request = DestructionRequest.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        reason=reason,
        requested_by=user_of(actor),
    )
    request.items.set(items)
    audit_record(
        actor=actor,
        action="archive_destruction.request",
        obj=request,
        after={"items": [i.pk for i in items], "reason": reason},
    )
    return request


@transaction.atomic
def destruction_decide(*, actor, request: DestructionRequest, approve: bool) -> DestructionRequest:
    """REC-02: approve or refuse a destruction request, by another person than the requester."""
    if approve:  # REC-01/02 once more: the items may have changed since the request
        _destroyable(list(request.items.all()), timezone.localdate())
    request = _decide(actor, DestructionRequest, request, approve=approve, record="档案销毁申请")
    audit_record(
        actor=actor,
        action="archive_destruction.approve" if approve else "archive_destruction.refuse",
        obj=request,
        after={"status": request.status},
    )
    return request


@transaction.atomic
def destruction_execute(*, actor, request: DestructionRequest) -> DestructionRequest:
    """REC-02: the inventory's items destroyed, only on an approved request."""
    request = DestructionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != DestructionRequest.APPROVED:
        raise DomainError("not_approved", "销毁申请尚未批准，不能销毁", rule="REC-02")
    items = list(request.items.select_for_update())
    today = timezone.localdate()
    _destroyable(items, today)
    ArchiveItem.objects.filter(pk__in=[i.pk for i in items]).update(status=ArchiveItem.DESTROYED)
    request.status, request.destroyed_on = DestructionRequest.DONE, today
    request.save(update_fields=["status", "destroyed_on"])
    audit_record(
        actor=actor,
        action="archive_destruction.execute",
        obj=request,
        after={"items": [i.pk for i in items], "destroyed_on": today},
    )
    return request


@transaction.atomic
def package_create(*, actor, sitting: Sitting) -> ArchivePackage:
    """A queued package job for the sitting's archive (REC-03); the archive is assembled first."""
    archive_assemble(actor=actor, sitting=sitting)
    total = ArchiveItem.objects.filter(sitting=sitting, status=ArchiveItem.KEPT).count()
    job = ArchivePackage.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        created_by=user_of(actor),
        total=total,
    )
    audit_record(
        actor=actor,
        action="archive.package",
        obj=job,
        after={"sitting": sitting.pk, "items": total},
    )
    return job


@transaction.atomic
def package_start(*, actor, sitting: Sitting) -> ArchivePackage:
    """Create the job row and enqueue its task once the row is committed."""
    from .tasks import build_archive_package  # the task module calls this one

    job = package_create(actor=actor, sitting=sitting)
    transaction.on_commit(lambda: build_archive_package.enqueue(job_id=job.pk))
    return job
