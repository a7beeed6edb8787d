"""Writes of issue registers and certificates (CERT-01..06), each audited in its transaction.

The blank stock (CERT-07) is in `stock_services.py`, the authority export (CERT-08) in
`export.py`."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from skillcert.catalog.models import Occupation
from skillcert.core.audit import AuditDraft, audit_record, audit_record_many
from skillcert.core.crypto import id_hash
from skillcert.core.errors import DomainError
from skillcert.core.four_eyes import require_other_person
from skillcert.core.normalize import normalize_id, normalize_text
from skillcert.core.rules import rules
from skillcert.panels.selectors import signed_practicals
from skillcert.people.models import add_years
from skillcert.plans.models import Ban, Registration, Sitting
from skillcert.plans.registration_services import ban_add

from .models import (
    BlankStockBatch,
    Certificate,
    CertificatePdfJob,
    CertificateZipJob,
    IssueRegister,
    Replacement,
)
from .numbering import format_number, serials_take
from .selectors import registrations_to_register
from .signals import certificate_voided

VOID_REASON_MAX = 200


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


@transaction.atomic
def certificate_void(
    *,
    actor,
    certificate: Certificate,
    reason: str,
    voided_on: date | None = None,
    revoked: bool = True,
    basis: dict | None = None,
) -> Certificate:
    """CERT-06 / VIOL-05: void a certificate; it stays on record, its number is never reused.

    PLAN-09: the holder of a revoked certificate is barred from registering anywhere for
    `rules().revoked_ban_years` from the void date, unless a PLAN-09 ban reaching that far
    already exists. `revoked=False` voids without the ban: a score corrected on appeal
    (SCORE-05) is no sanction of the holder. `basis` (e.g. {"appeal": 12}) goes into the
    audit entry.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError("void_reason", "请填写作废原因", field="reason", rule="CERT-06")
    if len(reason) > VOID_REASON_MAX:
        raise DomainError("void_reason", f"作废原因不能超过{VOID_REASON_MAX}字", field="reason")
    today = timezone.localdate()
    voided_on = voided_on or today
    if not isinstance(voided_on, date) or voided_on > today:
        raise DomainError("voided_on", "作废日期不能晚于今天", field="voided_on", rule="CERT-06")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == Certificate.VOID:
        raise DomainError("already_void", f"证书{certificate.number}已作废", rule="CERT-06")
    if voided_on < certificate.issued_on:
        raise DomainError(
            "voided_on", "作废日期不能早于发证日期", field="voided_on", rule="CERT-06"
        )
    certificate.status = Certificate.VOID
    certificate.void_reason = reason
    certificate.voided_on = voided_on
    certificate.save(update_fields=["status", "void_reason", "voided_on"])
    audit_record(
        actor=actor,
        action="certificate.void",
        obj=certificate,
        before={"number": certificate.number, "status": Certificate.VALID},
        after={
            "number": certificate.number,
            "status": Certificate.VOID,
            "reason": reason,
            "voided_on": voided_on,
            **({"basis": basis} if basis else {}),
        },
    )
    # CERT-08: the data already reported upward must be corrected, on every void path.
    certificate_voided.send(
        sender=Certificate, actor=actor, certificate=certificate, reason=reason, basis=basis
    )
    if not revoked:
        return certificate
    # PLAN-09: barred through the day before the anniversary of the void date.
    until = add_years(voided_on, rules().revoked_ban_years) - timedelta(days=1)
    covered = Ban.objects.filter(
        person_id=certificate.person_id,
        rule="PLAN-09",
        institution__isnull=True,
        until__gte=until,
    ).exists()
    if not covered:
        ban_add(
            actor=actor,
            person=certificate.person,
            institution=None,
            reason=f"证书{certificate.number}已作废：{reason}"[:200],
            rule="PLAN-09",
            until=until,
            registration=certificate.registration,
        )
    return certificate


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
    hash). The reprint keeps the original number; the sheet it is printed on, when given,
    is issued from the blank stock (CERT-07).
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
        from .stock_services import stock_issue

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


@transaction.atomic
def zip_job_create(*, actor, register: IssueRegister) -> CertificateZipJob:
    """A queued ZIP job (one PDF per valid certificate) for an issued register."""
    register = IssueRegister.objects.get(pk=register.pk)  # the status as committed
    if register.status != IssueRegister.ISSUED:
        raise DomainError("register_not_issued", "名册尚未核发，不能生成证书PDF", rule="CERT-03")
    total = register.certificates.filter(status=Certificate.VALID).count()
    if not total:
        raise DomainError("register_no_valid", "名册中没有有效证书", rule="CERT-06")
    return CertificateZipJob.objects.create(
        institution_id=register.institution_id,
        register=register,
        created_by=_user(actor),
        total=total,
    )


def zip_job_start(*, actor, register: IssueRegister) -> CertificateZipJob:
    """Create the job row, commit it, then enqueue (a database worker must find the row)."""
    from .tasks import render_register_zip

    job = zip_job_create(actor=actor, register=register)
    render_register_zip.enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


@transaction.atomic
def pdf_job_create(*, actor, register: IssueRegister) -> CertificatePdfJob:
    """A queued batch-PDF job for an issued register; the caller enqueues it after commit."""
    if register.status != IssueRegister.ISSUED:
        raise DomainError("register_not_issued", "名册尚未核发，不能生成证书PDF", rule="CERT-03")
    return CertificatePdfJob.objects.create(
        institution_id=register.institution_id,
        register=register,
        created_by=_user(actor),
        total=register.certificates.count(),
    )


def pdf_job_start(*, actor, register: IssueRegister) -> CertificatePdfJob:
    """Create the job row, commit it, then enqueue: a database worker must find the row."""
    from .tasks import render_register_pdf

    job = pdf_job_create(actor=actor, register=register)
    render_register_pdf.enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


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
