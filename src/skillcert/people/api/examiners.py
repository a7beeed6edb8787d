"""JSON API of the examiner register (PEOPLE-02..05) and of an examiner's annual evaluation
(PEOPLE-06) and renewal (PEOPLE-05); thin: tenancy, permission, then a service."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.db import transaction
from ninja import Query, Router, Schema, Status
from pydantic import Field

from skillcert.catalog.selectors import occupation_required
from skillcert.core.api_types import DbId, decimal_schema
from skillcert.core.idnumbers import RESIDENT_ID
from skillcert.institutions.guards import institution_api

from ..models import Examiner
from ..selectors import examiner_get_or_404, examiners_of
from ..services import (
    examiner_add,
    examiner_evaluate,
    examiner_renew,
    examiner_valid_on,
    person_get_or_create,
    year_ratings,
)

router = Router()


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


class EvaluationIn(Schema):
    year: int = Field(ge=2000, le=2100)
    # PEOPLE-06: 0–100 with one decimal, documented as the text validation accepts. Left
    # out for a year with sittings in the system: the mean of their ratings (PEOPLE-11).
    score: (
        decimal_schema(
            r"^(100(\.0)?|\d{1,2}(\.\d)?)$", ge=0, le=100, max_digits=4, decimal_places=1
        )
        | None
    ) = None
    assignments: int | None = Field(None, ge=0, le=365)
    missed_in_row: int = Field(0, ge=0, le=365)


class EvaluationOut(Schema):
    year: int
    score: Decimal
    assignments: int
    missed_in_row: int
    grade: str
    grade_label: str
    note: str
    rated_sittings: int
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
        rated_sittings=v.rated_sittings,
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


class ServedSittingOut(Schema):
    sitting_id: int
    name: str
    last_day: date
    score: Decimal | None


class YearRatingsOut(Schema):
    year: int
    sittings: list[ServedSittingOut]
    unrated: int
    mean: Decimal | None


@router.get("/institutions/{iid}/examiners/{eid}/ratings", response=YearRatingsOut)
def ratings_of_year(request, iid: DbId, eid: DbId, year: int = Query(..., ge=2000, le=2100)):
    """The year's sittings the examiner served with their 认定表 scores and the mean the
    annual evaluation takes (PEOPLE-11 → PEOPLE-06)."""
    examiner = examiner_get_or_404(institution_api(request, iid), eid)
    record = year_ratings(examiner=examiner, year=year)
    return YearRatingsOut(
        year=year,
        sittings=[ServedSittingOut(**vars(s)) for s in record.sittings],
        unrated=len(record.unrated),
        mean=record.mean,
    )
