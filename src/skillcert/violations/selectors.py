"""Reads of violations, scoped to an institution already resolved for the user; plus who
may record and confirm (VIOL-01..06).

Recording: members who may score (director, exam affairs, examiner) or any member assigned
as proctor, examiner, exam-affairs staff or site leader of the sitting's staffing plan.
Confirming (the effect on scores, certificates and bans): managers only (director, exam
affairs). Lists and details name candidates, so they are for those who may record (ARR-09).
"""

from django.http import Http404

from skillcert.arrangement.models import Seat, StaffAssignment
from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import authority_of, can_manage, can_score
from skillcert.plans.models import Registration, Sitting

from .models import CorrectionNotice, Violation, ViolationEvidence

RECORDING_ROLES = (
    StaffAssignment.PROCTOR,
    StaffAssignment.EXAMINER,
    StaffAssignment.EXAM_AFFAIRS,
    StaffAssignment.SITE_LEADER,
)


def worked_sitting(user, sitting: Sitting) -> bool:
    """The user's person is on the sitting's staffing plan as proctor, examiner etc."""
    if not user.is_authenticated:
        return False
    return StaffAssignment.objects.filter(
        plan__sitting=sitting, person__user=user, role__in=RECORDING_ROLES
    ).exists()


def can_record(user, institution: Institution, sitting: Sitting | None = None) -> bool:
    if can_score(user, institution):
        return True
    if sitting is not None:
        return worked_sitting(user, sitting)
    return StaffAssignment.objects.filter(
        plan__institution=institution, person__user=user, role__in=RECORDING_ROLES
    ).exists()


def can_confirm(user, institution: Institution) -> bool:
    return can_manage(user, institution)


def can_read_corrections(user, institution: Institution) -> bool:
    """VIOL-05 notices go to the authority: its staff of the region read them (read-only).
    `institution` is already resolved for the user, so an authority outside the region
    never gets here (404)."""
    return can_confirm(user, institution) or authority_of(user) is not None


def _base():
    return Violation.objects.select_related(
        "registration__person",
        "registration__sitting",
        "recorded_by",
        "confirmed_by",
        "ban",
    )


def violations_of_sitting(sitting: Sitting):
    return _base().filter(institution_id=sitting.institution_id, registration__sitting=sitting)


def violation_get(institution: Institution, violation_id) -> Violation:
    try:
        return _base().get(institution=institution, pk=int(violation_id))
    except (Violation.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("未找到该违纪记录") from None


def evidence_get(violation: Violation, evidence_id) -> ViolationEvidence:
    try:
        return ViolationEvidence.objects.get(
            violation=violation, institution_id=violation.institution_id, pk=int(evidence_id)
        )
    except (ViolationEvidence.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("未找到该证据文件") from None


def candidates_of(sitting: Sitting) -> list[dict]:
    """The sitting's approved candidates with their ticket numbers, for the record form."""
    regs = (
        Registration.objects.filter(sitting=sitting, status=Registration.APPROVED)
        .select_related("person")
        .order_by("id")
    )
    tickets = dict(
        Seat.objects.filter(registration__sitting=sitting).values_list(
            "registration_id", "ticket_number"
        )
    )
    return [
        {
            "id": r.pk,
            "name": r.person.name,
            "id_masked": r.person.id_masked,
            "ticket": tickets.get(r.pk, ""),
        }
        for r in regs
    ]


def registration_find(sitting: Sitting, text: str) -> Registration:
    """A candidate of the sitting by ticket number (准考证号) or exact name; a clear
    DomainError when none or several match."""
    text = " ".join((text or "").split())
    if not text:
        raise DomainError("candidate", "请填写考生的准考证号或姓名", field="candidate")
    regs = Registration.objects.filter(sitting=sitting).select_related("person")
    tokens = text.split(" ")  # "准考证号 姓名" as the form's list offers, or either alone
    seat = Seat.objects.filter(registration__sitting=sitting, ticket_number=tokens[0]).first()
    if seat is not None:
        return regs.get(pk=seat.registration_id)
    name = tokens[-1]
    found = list(regs.filter(person__name=name)[:3])
    if not found:
        raise DomainError(
            "candidate", f"本批次没有准考证号或姓名为“{text}”的考生", field="candidate"
        )
    if len(found) > 1:
        raise DomainError(
            "candidate_ambiguous",
            f"本批次有多名考生名为“{name}”，请填写准考证号",
            field="candidate",
        )
    return found[0]


def corrections_of(institution: Institution):
    return CorrectionNotice.objects.filter(institution=institution).select_related(
        "certificate__person", "violation", "sent_by"
    )


def confirmed_for_registrations(registrations) -> list[Violation]:
    """Confirmed violations of these registrations (the candidate portal)."""
    ids = [r.pk for r in registrations]
    return list(
        Violation.objects.filter(registration_id__in=ids, status=Violation.CONFIRMED)
        .select_related("registration__sitting", "ban")
        .order_by("-occurred_at")
    )


def sanctioned_subjects(registration_ids) -> dict[int, set[str]]:
    """VIOL-01..04: per registration, the subjects a confirmed violation decided (cancelled
    or zero); scoring refuses to overwrite them (only an appeal could)."""
    out: dict[int, set[str]] = {}
    rows = Violation.objects.filter(
        registration_id__in=list(registration_ids), status=Violation.CONFIRMED
    ).values_list("registration_id", "subject")
    for registration_id, subject in rows:
        both = {Violation.THEORY, Violation.PRACTICAL}
        out.setdefault(registration_id, set()).update(
            both if subject == Violation.ALL else {subject}
        )
    return out
