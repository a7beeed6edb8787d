from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from skillcert.institutions.selectors import can_score, institution_get_for_user
from skillcert.plans.selectors import sitting_get

from .selectors import score_sheet
from .services import ScoreInput, parse_score, results_set

router = Router(tags=["成绩 scores"])


class ResultOut(Schema):
    registration_id: int
    name: str
    id_masked: str
    theory_score: Decimal | None
    theory_absent: bool
    practical_score: Decimal | None
    practical_absent: bool
    passed: bool | None


class ScoreIn(Schema):
    registration_id: int
    theory_score: Decimal | None = None
    theory_absent: bool = False
    practical_score: Decimal | None = None
    practical_absent: bool = False


class ScoresIn(Schema):
    results: list[ScoreIn]


def _out(reg) -> ResultOut:
    res = getattr(reg, "result", None)
    return ResultOut(
        registration_id=reg.pk,
        name=reg.person.name,
        id_masked=reg.person.id_masked,
        theory_score=res.theory_score if res else None,
        theory_absent=res.theory_absent if res else False,
        practical_score=res.practical_score if res else None,
        practical_absent=res.practical_absent if res else False,
        passed=res.passed if res else None,
    )


@router.get("/institutions/{iid}/sittings/{sid}/results", response=list[ResultOut])
def results_list(request, iid: int, sid: int):
    sitting = sitting_get(institution_get_for_user(request.user, iid), sid)
    return [_out(r) for r in score_sheet(sitting)]


@router.put("/institutions/{iid}/sittings/{sid}/results", response=list[ResultOut])
def results_put(request, iid: int, sid: int, payload: ScoresIn):
    """Enter or change scores (SCORE-01); all or nothing; each change audited (REC-09)."""
    institution = institution_get_for_user(request.user, iid)
    if not can_score(request.user, institution):
        raise PermissionDenied
    sitting = sitting_get(institution, sid)
    items = []
    for r in payload.results:
        theory, _ = parse_score(r.theory_score, field="theory_score")
        practical, _ = parse_score(r.practical_score, field="practical_score")
        items.append(
            ScoreInput(r.registration_id, theory, practical, r.theory_absent, r.practical_absent)
        )
    results_set(actor=request.user, sitting=sitting, items=items)
    return [_out(r) for r in score_sheet(sitting)]
