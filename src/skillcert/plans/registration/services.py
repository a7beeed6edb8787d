"""Candidate registration and its review (PLAN-04..09, VIOL-04).

A candidate (signed up in `signup`) applies to a published sitting and waits for review;
staff approve or reject with a reason. Every decision is audited in the same
transaction. `registration_findings` is the one judgement the live form, the apply service
and the review queue all use.
"""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import AuditDraft, audit_record, audit_record_many
from skillcert.core.errors import DomainError
from skillcert.core.normalize import normalize_phone
from skillcert.institutions.models import Institution
from skillcert.people.models import Person
from skillcert.people.photos import photo_discard

from ..models import ONEX_LEVELS, SCHOOL_LEVELS, TITLES, Announcement, Registration, Sitting
from ..signals import registrations_changed
from .check import (
    ABSENCE_LIMIT,
    Applicant,
    Finding,
    RegistrationCheck,
    Verdict,
    scope_finding,
    sitting_findings,
)

__all__ = ["ABSENCE_LIMIT", "Finding", "Verdict"]  # re-exported for the views and tests
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


# --- the judgement --------------------------------------------------------------------------


def _in_choices(value: str, choices) -> str:
    return value if value in dict(choices) else ""


COLLEGE_ONLY = "院校评价机构只面向本校在校生和教职工（请确认您是本校在校生或教职工）"


def registration_findings(
    *,
    sitting: Sitting,
    person: Person | None,
    school_level: str = "",
    graduating_year: int | None = None,
    onex_level: str = "",
    staff_title: str = "",
    title_years: int | None = None,
    absence_share: Decimal | None = None,
    has_photo: bool = True,
    has_previous_certificate: bool = False,
    own_member: bool | None = None,
    day: date | None = None,
) -> Verdict:
    """Every reason this person may not register for this sitting, with its rule.
    `own_member`: the applicant's declaration of being the college's student or staff (None
    where nobody was asked, e.g. the college's own roster). The judgement of a person is
    `RegistrationCheck`'s, the same the roster import uses."""
    day = day or timezone.localdate()
    found = sitting_findings(sitting, day)
    # INST-11: a college assesses its own enrolled students and staff only.
    if sitting.institution.kind == Institution.COLLEGE and own_member is False:
        found.append(Finding(COLLEGE_ONLY, "INST-11", "own_member"))
    scope = scope_finding(sitting)
    if scope:
        found.append(scope)
    applicant = Applicant(
        school_level=_in_choices(school_level, SCHOOL_LEVELS),
        graduating_year=graduating_year,
        onex_level=_in_choices(onex_level, ONEX_LEVELS),
        staff_title=_in_choices(staff_title, TITLES),
        title_years=title_years,
        absence_share=absence_share,
        has_photo=has_photo,
        has_previous_certificate=has_previous_certificate,
    )
    check = RegistrationCheck(sitting, day=day)
    ids = [person.pk] if person is not None else []
    check.load(ids, certificate_for=ids if check.needs_certificate(applicant) else [])
    found += check.person_findings(person.pk if person else None, applicant)
    return Verdict(check.basis(applicant), found)


# --- applying ---------------------------------------------------------------------------


def _registration_snapshot(r: Registration) -> dict:
    return {
        "sitting": r.sitting_id,
        "person": r.person_id,
        "status": r.status,
        "reason": r.decision_reason,
    }


@transaction.atomic
def registration_apply(
    *,
    actor,
    sitting: Sitting,
    person: Person,
    phone: str = "",
    school_level: str = "",
    graduating_year: int | None = None,
    onex_level: str = "",
    staff_title: str = "",
    title_years: int | None = None,
    class_name: str = "",
    absence_share: Decimal | None = None,
    previous_certificate: UploadedFile | None = None,
    own_member: bool | None = None,
    day: date | None = None,
) -> Registration:
    """A pending registration (PLAN-08 review follows), or DomainError naming the rule."""
    if not Announcement.objects.filter(sitting=sitting, status=Announcement.PUBLISHED).exists():
        raise DomainError("not_announced", "该批次尚未发布认定公告，不能报名", rule="PLAN-02")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if Registration.objects.filter(sitting=sitting, person=person).exists():
        raise DomainError("already_registered", "您已报名该批次", field="sitting")
    if previous_certificate is not None and previous_certificate.size > MAX_DOCUMENT_BYTES:
        raise DomainError(
            "document_too_large",
            "原等级证书文件不能超过5MB",
            field="previous_certificate",
            rule="PLAN-06",
        )
    verdict = registration_findings(
        sitting=sitting,
        person=person,
        school_level=school_level,
        graduating_year=graduating_year,
        onex_level=onex_level,
        staff_title=staff_title,
        title_years=title_years,
        absence_share=absence_share,
        has_photo=bool(person.photo),
        has_previous_certificate=previous_certificate is not None,
        own_member=own_member,
        day=day,
    )
    if not verdict.ok:
        first = verdict.findings[0]
        raise DomainError("not_eligible", first.message, field=first.field, rule=first.rule)
    registration = Registration(
        institution=sitting.institution,
        sitting=sitting,
        person=person,
        phone=normalize_phone(phone) or person.phone,
        school_level=school_level,
        graduating_year=graduating_year,
        onex_level=onex_level,
        staff_title=staff_title,
        title_years=title_years,
        class_name=(class_name or "")[:60],
        absence_share=absence_share,
        status=Registration.PENDING,
    )
    if previous_certificate is not None:
        registration.previous_certificate.save(
            previous_certificate.name, previous_certificate, save=False
        )
    registration.save()
    audit_record(
        actor=actor,
        action="registration.apply",
        obj=registration,
        after=_registration_snapshot(registration),
    )
    return registration


# --- review (PLAN-08) ---------------------------------------------------------------------


@transaction.atomic
def registrations_decide(
    *,
    actor,
    institution: Institution,
    registration_ids: list[int],
    approve: bool,
    reason: str = "",
    sitting: Sitting | None = None,
) -> list[Registration]:
    """Approve or reject pending registrations, one or many; a rejection needs a reason
    (PLAN-08). Each decision is audited with the status before and after."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise DomainError(
            "reason_missing", "驳回报名须填写审核意见", field="reason", rule="PLAN-08"
        )
    if len(reason) > 200:
        raise DomainError("reason_long", "审核意见不能超过200个字", field="reason", rule="PLAN-08")
    ids = sorted({int(i) for i in registration_ids})
    if not ids:
        raise DomainError("nothing_chosen", "请选择要审核的报名", field="ids", rule="PLAN-08")
    qs = Registration.objects.select_for_update().filter(institution=institution, pk__in=ids)
    if sitting is not None:
        qs = qs.filter(sitting=sitting)
    regs = list(qs.order_by("id"))
    if len(regs) != len(ids):
        raise DomainError("not_found", "部分报名不存在或不属于本机构", field="ids")
    done = [r for r in regs if r.status != Registration.PENDING]
    if done:
        names = "、".join(r.person.name for r in done[:5])
        raise DomainError(
            "already_decided", f"{names}的报名已审核，不能重复审核", field="ids", rule="PLAN-08"
        )
    now = timezone.now()
    status = Registration.APPROVED if approve else Registration.REJECTED
    drafts = []
    for r in regs:
        before = _registration_snapshot(r)
        r.status, r.decision_reason, r.decided_at = status, reason, now
        drafts.append(
            AuditDraft(
                "registration.decide",
                "plans.registration",
                str(r.pk),
                r.institution_id,
                before,
                _registration_snapshot(r),
            )
        )
    Registration.objects.bulk_update(regs, ["status", "decision_reason", "decided_at"])
    registrations_changed.send(sender=Registration, sitting_ids={r.sitting_id for r in regs})
    audit_record_many(actor=actor, drafts=drafts)
    if not approve:
        _discard_refused_photos(actor, regs)
    return regs


def _discard_refused_photos(actor, regs: list[Registration]) -> None:
    """A refused applicant's photo has no purpose left (PLAN-08, 个人信息保护法 §19):
    it is deleted, audited, unless another pending or approved registration still needs it
    (tickets and certificates print it)."""
    live = (Registration.PENDING, Registration.APPROVED)
    for r in regs:
        if Registration.objects.filter(person_id=r.person_id, status__in=live).exists():
            continue
        photo_discard(
            actor=actor, person=r.person, reason="报名被驳回", institution_id=r.institution_id
        )
