"""JSON API of the 考评人员认定表 (PEOPLE-11): the sitting's examiners with their ratings, and
rating (or correcting) one. Exam-affairs roles only: it names the examiners (ARR-09)."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Router, Schema

from skillcert.core.api_types import NO_NUL, DbId, decimal_schema
from skillcert.core.users import user_label
from skillcert.institutions.guards import institution_api
from skillcert.people.selectors import examiner_get_or_404
from skillcert.plans.web import sitting_get

from .selectors import ServedRow, served_rows
from .services import examiner_rate

router = Router(tags=["考评人员认定 examiner ratings"])


class RatingOut(Schema):
    examiner_id: int
    name: str
    leader: bool
    score: Decimal | None
    remark: str
    revision: int
    rated_by: str
    rated_at: datetime | None


def _out(row: ServedRow) -> RatingOut:
    r = row.rating
    return RatingOut(
        examiner_id=row.examiner.pk,
        name=row.examiner.person.name,
        leader=row.leader,
        score=r.score if r else None,
        remark=r.remark if r else "",
        revision=r.revision if r else 0,
        rated_by=user_label(r.rated_by) if r and r.rated_by_id else "",
        rated_at=r.rated_at if r else None,
    )


class RatingIn(Schema):
    # PEOPLE-11: 0–100 with one decimal, documented as exactly what validation accepts.
    score: decimal_schema(
        r"^(100(\.0)?|\d{1,2}(\.\d)?)$", ge=0, le=100, max_digits=4, decimal_places=1
    )
    remark: str = Field("", max_length=500, pattern=NO_NUL)
    reason: str = Field("", max_length=200, pattern=NO_NUL)


@router.get("/institutions/{iid}/sittings/{sid}/examiner-ratings", response=list[RatingOut])
def ratings_list(request, iid: DbId, sid: DbId):
    """The 认定表: every examiner the sitting's plan names, rated or not (PEOPLE-11)."""
    sitting = sitting_get(institution_api(request, iid, manage=True), sid)
    return [_out(row) for row in served_rows(sitting=sitting)]


@router.put("/institutions/{iid}/sittings/{sid}/examiners/{eid}/rating", response=RatingOut)
def rating_put(request, iid: DbId, sid: DbId, eid: DbId, payload: RatingIn):
    """Rate an examiner who served the held sitting; a second call with another score is a
    correction and needs `reason` (PEOPLE-11). A broken rule answers 400 naming the field."""
    institution = institution_api(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    examiner = examiner_get_or_404(institution, eid)
    examiner_rate(actor=request.user, sitting=sitting, examiner=examiner, **payload.dict())
    row = next(r for r in served_rows(sitting=sitting) if r.examiner.pk == examiner.pk)
    return _out(row)
