"""Issue registers (CERT-04): create, review and issue, numbered under CERT-01/02."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.catalog.models import Occupation
from skillcert.core.audit import AuditDraft, audit_record, audit_record_many
from skillcert.core.errors import DomainError
from skillcert.core.four_eyes import require_other_person
from skillcert.panels.selectors import signed_practicals
from skillcert.plans.models import Registration, Sitting

from ..models import (
    Certificate,
    IssueRegister,
)
from ..numbering import format_number, serials_take
from ..selectors import registrations_to_register


@transaction.atomic
def issue_register_create(*, actor, sitting: Sitting) -> IssueRegister:
    """CERT-04: a draft register of the sitting's passed candidates not yet certified."""
    # Lock the sitting so two clerks pressing the button together cannot put the same
    # candidates on two registers.
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    regs = list(registrations_to_register(sitting).values_list("pk", flat=True))
    if not regs:
        raise DomainError(
            "register_empty", "本批次没有待核发证书的合格人员（成绩合格且审核通过）", rule="CERT-04"
        )
    register = IssueRegister.objects.create(
        institution_id=sitting.institution_id, sitting=sitting, created_by=_user(actor)
    )
    register.registrations.add(*regs)
    audit_record(
        actor=actor,
        action="issue_register.create",
        obj=register,
        after={"sitting": sitting.pk, "registrations": regs, "status": register.status},
    )
    return register


@transaction.atomic
def issue_register_review(*, actor, register: IssueRegister) -> IssueRegister:
    """CERT-04: the institution reviews the register before anything is issued from it."""
    register = IssueRegister.objects.select_for_update().get(pk=register.pk)
    if register.status != IssueRegister.DRAFT:
        raise DomainError(
            "register_not_draft",
            f"核发名册状态为“{register.get_status_display()}”，不能再次审核",
            rule="CERT-04",
        )
    require_other_person(
        maker=register.created_by,
        approver=actor,
        rule="CERT-04",
        record="核发名册",
        may_approve="本机构另一名负责人或考务人员",
    )
    register.status = IssueRegister.REVIEWED
    register.reviewed_by = _user(actor)
    register.reviewed_at = timezone.now()
    register.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor,
        action="issue_register.review",
        obj=register,
        before={"status": IssueRegister.DRAFT},
        after={"status": register.status},
    )
    return register


@transaction.atomic
def issue_register_issue(
    *, actor, register: IssueRegister, issued_on: date | None = None
) -> list[Certificate]:
    """CERT-04: issue one certificate per row of a reviewed register, numbered under CERT-01/02.

    The issue date is the system's: the day of issuing (issue 16 item 24). It decides the
    number's year (CERT-01), the certificate's face (CERT-03) and every period counted from
    it, so it is never typed; `issued_on`, when a caller still passes one, must be today.

    Every row is checked again (still approved, still passed, no certificate yet): a score
    corrected or a registration cancelled after review (VIOL-05) must not get a certificate.
    All or nothing: one bad row stops the whole register and takes no serial.
    """
    # of=self: lock the register row only (the job type is an outer join PostgreSQL cannot lock).
    register = (
        IssueRegister.objects.select_for_update(of=("self",))
        .select_related("institution", "sitting__occupation", "sitting__job_type")
        .get(pk=register.pk)
    )
    if register.status != IssueRegister.REVIEWED:
        raise DomainError(
            "register_not_reviewed",
            f"核发名册状态为“{register.get_status_display()}”，只有已审核的名册可以核发",
            rule="CERT-04",
        )
    issued_on = _issue_day(issued_on)
    institution, sitting = register.institution, register.sitting
    if not institution.cert_prefix or len(institution.cert_prefix) != 13:
        raise DomainError("cert_prefix", "机构尚未取得完整的备案赋码，不能核发证书", rule="CERT-01")
    # CAT-03: the catalogue (CAT-04) may have made the occupation 准入类 after the scope was
    # filed; a skill-level certificate is then no longer allowed.
    if sitting.occupation.kind == Occupation.LICENSING:
        raise DomainError(
            "occupation_licensing",
            f"“{sitting.occupation.name}”现为准入类职业，不能核发职业技能等级证书",
            rule="CAT-03",
        )
    regs = list(register.registrations.select_related("person", "result").order_by("id"))
    if not regs:
        raise DomainError("register_empty", "核发名册为空", rule="CERT-04")
    issued = set(
        Certificate.objects.filter(registration__in=regs).values_list("registration_id", flat=True)
    )
    bad = [
        r.person.name
        for r in regs
        if r.status != Registration.APPROVED
        or r.pk in issued
        or getattr(getattr(r, "result", None), "passed", None) is not True
    ]
    if bad:
        names = "、".join(bad[:10]) + ("等" if len(bad) > 10 else "")
        raise DomainError(
            "register_row_not_passed",
            f"以下人员已不符合核发条件（未合格、报名未通过或已有证书）：{names}",
            rule="CERT-04",
        )
    _require_panel_practicals(sitting, regs)

    serials = serials_take(
        institution=institution, year=issued_on.year, level=sitting.level, count=len(regs)
    )
    job = sitting.job_type.name if sitting.job_type_id else ""
    certs = [
        Certificate(
            number=format_number(
                prefix=institution.cert_prefix,
                year=issued_on.year,
                level=sitting.level,
                serial=serial,
            ),
            institution=institution,
            register=register,
            registration=r,
            person=r.person,
            # Snapshot: the certificate keeps what was true at issue (CERT-06), whatever
            # later happens to the person, the catalogue or the institution's name.
            holder_name=r.person.name,
            id_type=r.person.id_type,
            id_masked=r.person.id_masked,
            occupation_code=sitting.occupation.code,
            occupation_name=sitting.occupation.name,
            job_type_name=job,
            level=sitting.level,
            issuer_name=institution.name,
            seal_text=institution.seal_text,
            issued_on=issued_on,
        )
        for r, serial in zip(regs, serials, strict=True)
    ]
    Certificate.objects.bulk_create(certs, batch_size=500)
    certs = list(Certificate.objects.filter(register=register).order_by("number"))
    register.status = IssueRegister.ISSUED
    register.issued_on = issued_on
    register.save(update_fields=["status", "issued_on"])
    drafts = [
        AuditDraft(
            "certificate.issue",
            "certificates.certificate",
            str(c.pk),
            institution.pk,
            None,
            _cert_snapshot(c),
        )
        for c in certs
    ]
    drafts.append(
        AuditDraft(
            "issue_register.issue",
            "certificates.issueregister",
            str(register.pk),
            institution.pk,
            {"status": IssueRegister.REVIEWED},
            {
                "status": register.status,
                "issued_on": issued_on,
                "numbers": [certs[0].number, certs[-1].number],
            },
        )
    )
    audit_record_many(actor=actor, drafts=drafts)
    return certs


def issue_day() -> date:
    """The system's date of issuing (item 24); the one place a test pins the clock."""
    return timezone.localdate()


def _issue_day(typed) -> date:
    """Item 24: certificates are dated the day they are issued, by the system's clock."""
    today = issue_day()
    if typed is not None and typed != today:
        raise DomainError(
            "issued_on_not_today",
            f"发证日期由系统按核发当天（{today:%Y-%m-%d}）确定，不能填写其他日期（CERT-03）",
            field="issued_on",
            rule="CERT-03",
        )
    return today


def _require_panel_practicals(sitting, regs) -> None:
    """SCORE-03 (issue 16 item 3): where a panel scores the sitting's practical, a certificate
    rests only on the practical in the summary its leader signed; a score typed elsewhere
    (or changed since) stops the whole register. A carried practical (SCORE-02) was given at
    the earlier sitting and is checked there."""
    signed = signed_practicals(sitting.pk)
    if signed is None:
        return
    bad = []
    for r in regs:
        result = r.result
        if result.carried_subject == "practical":
            continue
        score, absent = signed.get(r.pk, (None, True))
        if absent or result.practical_absent or result.practical_score != score:
            bad.append(r.person.name)
    if bad:
        names = "、".join(bad[:10]) + ("等" if len(bad) > 10 else "")
        raise DomainError(
            "register_practical_unsigned",
            f"以下人员的操作技能成绩不是考评组长签署的成绩汇总中的成绩，不能核发（SCORE-03）：{names}",
            rule="SCORE-03",
        )


def _cert_snapshot(c: Certificate) -> dict:
    return {
        "number": c.number,
        "holder_name": c.holder_name,
        "id_masked": c.id_masked,
        "occupation_code": c.occupation_code,
        "job_type": c.job_type_name,
        "level": c.level,
        "issued_on": c.issued_on,
        "registration": c.registration_id,
        "status": c.status,
    }


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None
