"""JSON API of the examiner register; thin: tenancy, permission, then a service."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.db import transaction
from ninja import Router, Schema, Status
from pydantic import Field

from skillcert.catalog.selectors import occupation_required
from skillcert.core.api_types import DbId, decimal_schema
from skillcert.core.idnumbers import RESIDENT_ID
from skillcert.institutions.guards import institution_api

from .accounts import person_account_open
from .claims import (
    claim_code_issue,
    member_of_institution,
    member_reset_code_issue,
    person_claim,
    person_of_institution,
)
from .models import ClaimCode, Examiner
from .selectors import (
    examiner_get_or_404,
    examiners_of,
    person_get,
    relatives_of,
    taught_classes_of,
)
from .services import (
    examiner_add,
    examiner_evaluate,
    examiner_renew,
    examiner_valid_on,
    person_get_or_create,
    relative_add,
    taught_class_add,
)

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


@router.get("/institutions/{iid}/examiners", response=list[ExaminerOut])
def examiners_list(request, iid: DbId):
    """The institution's examiners, ID numbers masked, with validity today (PEOPLE-05)."""
    institution = institution_api(request, iid)
    return [_out(e) for e in examiners_of(institution)]


@router.post("/institutions/{iid}/examiners", response={201: ExaminerOut})
def examiners_create(request, iid: DbId, payload: ExaminerIn):
    """Register an examiner; a broken rule (PEOPLE-02..05) answers 400 with its ID."""
    institution = institution_api(request, iid, manage=True)
    occupations = [
        occupation_required(c, field="occupation_codes") for c in payload.occupation_codes
    ]
    skill_occupation = (
        occupation_required(payload.skill_occupation_code, field="skill_occupation_code")
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


# --- issue 16 item 21: evaluation, renewal, recusal relations, account opening -------------


class EvaluationIn(Schema):
    year: int = Field(ge=2000, le=2100)
    # PEOPLE-06: 0–100 with one decimal, documented as the text validation accepts.
    score: decimal_schema(
        r"^(100(\.0)?|\d{1,2}(\.\d)?)$", ge=0, le=100, max_digits=4, decimal_places=1
    )
    assignments: int = Field(ge=0, le=365)
    missed_in_row: int = Field(0, ge=0, le=365)


class EvaluationOut(Schema):
    year: int
    score: Decimal
    assignments: int
    missed_in_row: int
    grade: str
    grade_label: str
    note: str
    examiner_status: str


def _evaluation_out(v) -> EvaluationOut:
    return EvaluationOut(
        year=v.year,
        score=v.score,
        assignments=v.assignments,
        missed_in_row=v.missed_in_row,
        grade=v.grade,
        grade_label=v.get_grade_display(),
        note=v.note,
        examiner_status=v.examiner.status,
    )


@router.get("/institutions/{iid}/examiners/{eid}/evaluations", response=list[EvaluationOut])
def evaluations_list(request, iid: DbId, eid: DbId):
    """An examiner's annual evaluations (PEOPLE-06)."""
    examiner = examiner_get_or_404(institution_api(request, iid), eid)
    return [_evaluation_out(v) for v in examiner.evaluations.order_by("year")]


@router.post("/institutions/{iid}/examiners/{eid}/evaluations", response={201: EvaluationOut})
def evaluations_create(request, iid: DbId, eid: DbId, payload: EvaluationIn):
    """Record a year's evaluation; two 不合格 in a term dismiss the examiner (PEOPLE-06)."""
    examiner = examiner_get_or_404(institution_api(request, iid, manage=True), eid)
    v = examiner_evaluate(actor=request.user, examiner=examiner, **payload.dict())
    v.examiner.refresh_from_db()
    return Status(201, _evaluation_out(v))


class RenewalIn(Schema):
    card_number: str = Field(min_length=1, max_length=40)
    card_issued_on: date
    training_hours: int = Field(ge=0, le=10000)
    assessment_passed: bool
    contract_start: date | None = None


@router.post("/institutions/{iid}/examiners/{eid}/renew", response=ExaminerOut)
def examiners_renew(request, iid: DbId, eid: DbId, payload: RenewalIn):
    """A new card after training and assessment (PEOPLE-05); refused once dismissed."""
    examiner = examiner_get_or_404(institution_api(request, iid, manage=True), eid)
    examiner_renew(actor=request.user, examiner=examiner, **payload.dict())
    return _out(examiner_get_or_404(examiner.institution, eid))


class AccountIn(Schema):
    username: str = Field(min_length=1, max_length=40)


class AccountOut(Schema):
    person_id: int
    username: str
    temporary_password: str
    role: str
    must_change_password: bool


@router.post("/institutions/{iid}/persons/{pid}/account", response={201: AccountOut})
def person_account(request, iid: DbId, pid: DbId, payload: AccountIn):
    """开通账号: a login with the examiner role; the temporary password is returned once and
    must be changed at the first login."""
    institution = institution_api(request, iid, manage=True)
    person = person_get(institution, pid)
    user, password = person_account_open(
        actor=request.user, institution=institution, person=person, username=payload.username
    )
    return Status(
        201,
        AccountOut(
            person_id=person.pk,
            username=user.username,
            temporary_password=password,
            role="examiner",
            must_change_password=True,
        ),
    )


class RelativeIn(Schema):
    person_id: int = Field(ge=1, le=2**31 - 1)
    kind: str = Field(pattern="^(spouse|parent_child|sibling|other)$")
    name: str = Field(min_length=1, max_length=50)
    id_type: str = Field(RESIDENT_ID, max_length=20)
    id_number: str = Field(min_length=1, max_length=30)


class RelativeOut(Schema):
    id: int
    person_id: int
    person_name: str
    kind: str
    relative_name: str
    relative_id_masked: str


def _relative_out(r) -> RelativeOut:
    return RelativeOut(
        id=r.pk,
        person_id=r.person_id,
        person_name=r.person.name,
        kind=r.kind,
        relative_name=r.relative.name,
        relative_id_masked=r.relative.id_masked,
    )


@router.get("/institutions/{iid}/relatives", response=list[RelativeOut])
def relatives_list(request, iid: DbId):
    """ARR-08: recorded family relations of the institution's people."""
    return [_relative_out(r) for r in relatives_of(institution_api(request, iid))]


@router.post("/institutions/{iid}/relatives", response={201: RelativeOut})
def relatives_create(request, iid: DbId, payload: RelativeIn):
    """ARR-08: a relation between a person of the institution and a relative (by ID)."""
    institution = institution_api(request, iid, manage=True)
    member = person_get(institution, payload.person_id)
    with transaction.atomic():
        other = person_get_or_create(
            name=payload.name, id_type=payload.id_type, id_number=payload.id_number
        )
        rel = relative_add(
            actor=request.user,
            institution=institution,
            person=member,
            relative=other,
            kind=payload.kind,
        )
    return Status(201, _relative_out(rel))


class TaughtClassIn(Schema):
    teacher_id: int = Field(ge=1, le=2**31 - 1)
    class_name: str = Field(min_length=1, max_length=60)


class TaughtClassOut(Schema):
    id: int
    teacher_id: int
    teacher_name: str
    class_name: str


@router.get("/institutions/{iid}/taught-classes", response=list[TaughtClassOut])
def taught_classes_list(request, iid: DbId):
    """ARR-08: classes the institution's people teach."""
    institution = institution_api(request, iid)
    return [
        TaughtClassOut(
            id=c.pk, teacher_id=c.teacher_id, teacher_name=c.teacher.name, class_name=c.class_name
        )
        for c in taught_classes_of(institution)
    ]


@router.post("/institutions/{iid}/taught-classes", response={201: TaughtClassOut})
def taught_classes_create(request, iid: DbId, payload: TaughtClassIn):
    institution = institution_api(request, iid, manage=True)
    teacher = person_get(institution, payload.teacher_id)
    c = taught_class_add(
        actor=request.user, institution=institution, teacher=teacher, class_name=payload.class_name
    )
    return Status(
        201,
        TaughtClassOut(
            id=c.pk, teacher_id=c.teacher_id, teacher_name=teacher.name, class_name=c.class_name
        ),
    )


class ClaimCodeOut(Schema):
    person_id: int
    code: str  # shown once: only its keyed hash is stored
    expires_at: datetime


@router.post("/institutions/{iid}/people/{pid}/claim-codes", response={201: ClaimCodeOut})
def claim_code_create(request, iid: DbId, pid: DbId):
    """PEOPLE-01 (issue 16 item 2): a one-time claim code for a person the institution knows;
    managers only; the previous unused code is voided; audited."""
    institution = institution_api(request, iid, manage=True)
    person = person_of_institution(institution, pid)
    claim, code = claim_code_issue(actor=request.user, institution=institution, person=person)
    return Status(201, ClaimCodeOut(person_id=person.pk, code=code, expires_at=claim.expires_at))


@router.post("/institutions/{iid}/people/{pid}/reset-codes", response={201: ClaimCodeOut})
def reset_code_create(request, iid: DbId, pid: DbId):
    """Issue 16 item 16: a one-time password-reset code for the account of a person the
    institution knows (users without e-mail); managers only; audited."""
    institution = institution_api(request, iid, manage=True)
    person = person_of_institution(institution, pid)
    claim, code = claim_code_issue(
        actor=request.user, institution=institution, person=person, purpose=ClaimCode.RESET
    )
    return Status(201, ClaimCodeOut(person_id=person.pk, code=code, expires_at=claim.expires_at))


class MemberResetCodeOut(Schema):
    user_id: int
    username: str
    code: str  # shown once: only its keyed hash is stored
    expires_at: datetime


@router.post("/institutions/{iid}/members/{uid}/reset-codes", response={201: MemberResetCodeOut})
def member_reset_code_create(request, iid: DbId, uid: DbId):
    """Issue 16 item 16: a one-time password-reset code for a member's login (staff accounts
    with no person on file); managers only; a director's account only by a director;
    another institution's member is 404; audited."""
    institution = institution_api(request, iid, manage=True)
    member = member_of_institution(institution, uid)
    claim, code = member_reset_code_issue(
        actor=request.user, institution=institution, member=member
    )
    return Status(
        201,
        MemberResetCodeOut(
            user_id=member.pk, username=member.username, code=code, expires_at=claim.expires_at
        ),
    )


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
