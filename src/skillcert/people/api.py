"""JSON API of the examiner register; thin: tenancy, permission, then a service."""

from datetime import date, datetime
from typing import Annotated

from django.db import transaction
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from skillcert.catalog.models import Occupation
from skillcert.core.errors import DomainError
from skillcert.core.idnumbers import RESIDENT_ID
from skillcert.institutions.selectors import can_manage, institution_get_for_user

from .claims import claim_code_issue, person_claim, person_of_institution
from .models import ClaimCode, Examiner
from .selectors import examiners_of
from .services import examiner_add, examiner_valid_on, person_get_or_create

router = Router(tags=["人员 people"])


class ExaminerIn(Schema):
    # Bounds match the columns, so out-of-range input is a 422, never a database error.
    name: str = Field(min_length=1, max_length=50)
    id_type: str = Field(RESIDENT_ID, max_length=20)
    id_number: str = Field(min_length=1, max_length=30)
    grade: str = Field(Examiner.EXAMINER, pattern="^(examiner|senior)$")
    occupation_codes: list[Annotated[str, Field(max_length=12)]] = Field(
        min_length=1, max_length=20
    )
    skill_level: int | None = Field(None, ge=1, le=5)
    skill_occupation_code: str | None = Field(None, max_length=12)
    title: str = Field("", pattern="^(|intermediate|senior)$")
    card_number: str = Field(min_length=1, max_length=40)
    card_issued_on: date
    training_hours: int = Field(ge=0, le=10000)
    assessment_passed: bool
    contract_start: date
    first_assessed_on: date | None = None


class ExaminerOut(Schema):
    id: int
    name: str
    id_masked: str
    grade: str
    grade_label: str
    occupation_codes: list[str]
    card_number: str
    card_issued_on: date
    card_valid_until: date
    contract_start: date
    contract_until: date
    status: str
    valid_today: bool


def _out(e: Examiner) -> ExaminerOut:
    return ExaminerOut(
        id=e.pk,
        name=e.person.name,
        id_masked=e.person.id_masked,
        grade=e.grade,
        grade_label=e.get_grade_display(),
        occupation_codes=sorted(o.code for o in e.occupations.all()),
        card_number=e.card_number,
        card_issued_on=e.card_issued_on,
        card_valid_until=e.card_valid_until,
        contract_start=e.contract_start,
        contract_until=e.contract_until,
        status=e.status,
        valid_today=examiner_valid_on(e, date.today()),
    )


def _occupation(code: str, field: str) -> Occupation:
    occ = Occupation.objects.filter(code=code.strip(), rank=4).first()
    if occ is None:
        raise DomainError(
            "occupation_unknown", f"职业编码“{code}”不存在", field=field, rule="CAT-01"
        )
    return occ


@router.get("/institutions/{iid}/examiners", response=list[ExaminerOut])
def examiners_list(request, iid: int):
    """The institution's examiners, ID numbers masked, with validity today (PEOPLE-05)."""
    institution = institution_get_for_user(request.user, iid)
    return [_out(e) for e in examiners_of(institution)]


@router.post("/institutions/{iid}/examiners", response={201: ExaminerOut})
def examiners_create(request, iid: int, payload: ExaminerIn):
    """Register an examiner; a broken rule (PEOPLE-02..05) answers 400 with its ID."""
    institution = institution_get_for_user(request.user, iid)
    if not can_manage(request.user, institution):
        raise HttpError(403, "无权操作：需要机构负责人或考务人员角色")
    occupations = [_occupation(c, "occupation_codes") for c in payload.occupation_codes]
    skill_occupation = (
        _occupation(payload.skill_occupation_code, "skill_occupation_code")
        if payload.skill_occupation_code
        else None
    )
    with transaction.atomic():
        person = person_get_or_create(
            name=payload.name, id_type=payload.id_type, id_number=payload.id_number
        )
        examiner = examiner_add(
            actor=request.user,
            institution=institution,
            person=person,
            grade=payload.grade,
            occupations=occupations,
            skill_level=payload.skill_level,
            skill_occupation=skill_occupation,
            title=payload.title,
            card_number=payload.card_number,
            card_issued_on=payload.card_issued_on,
            training_hours=payload.training_hours,
            assessment_passed=payload.assessment_passed,
            contract_start=payload.contract_start,
            first_assessed_on=payload.first_assessed_on,
        )
    return Status(201, _out(examiner))


class ClaimCodeOut(Schema):
    person_id: int
    code: str  # shown once: only its keyed hash is stored
    expires_at: datetime


@router.post("/institutions/{iid}/people/{pid}/claim-codes", response={201: ClaimCodeOut})
def claim_code_create(request, iid: int, pid: int):
    """PEOPLE-01 (issue 16 item 2): a one-time claim code for a person the institution knows;
    managers only; the previous unused code is voided; audited."""
    institution = institution_get_for_user(request.user, iid)
    if not can_manage(request.user, institution):
        raise HttpError(403, "无权操作：需要机构负责人或考务人员角色")
    person = person_of_institution(institution, pid)
    claim, code = claim_code_issue(actor=request.user, institution=institution, person=person)
    return Status(201, ClaimCodeOut(person_id=person.pk, code=code, expires_at=claim.expires_at))


@router.post("/institutions/{iid}/people/{pid}/reset-codes", response={201: ClaimCodeOut})
def reset_code_create(request, iid: int, pid: int):
    """Issue 16 item 16: a one-time password-reset code for the account of a person the
    institution knows (users without e-mail); managers only; audited."""
    institution = institution_get_for_user(request.user, iid)
    if not can_manage(request.user, institution):
        raise HttpError(403, "无权操作：需要机构负责人或考务人员角色")
    person = person_of_institution(institution, pid)
    claim, code = claim_code_issue(
        actor=request.user, institution=institution, person=person, purpose=ClaimCode.RESET
    )
    return Status(201, ClaimCodeOut(person_id=person.pk, code=code, expires_at=claim.expires_at))


class ClaimIn(Schema):
    claim_code: str = Field(min_length=1, max_length=20)


class ClaimOut(Schema):
    person_id: int
    name: str
    id_masked: str


@router.post("/me/claim", response=ClaimOut)
def claim(request, payload: ClaimIn):
    """PEOPLE-01: link the signed-in account to the person of a claim code (once)."""
    person = person_claim(user=request.user, code=payload.claim_code)
    return ClaimOut(person_id=person.pk, name=person.name, id_masked=person.id_masked)
