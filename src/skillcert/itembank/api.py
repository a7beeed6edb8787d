"""JSON API of the item bank and assembly (EXAM-01, EXAM-02); exam-affairs roles only.

The assembly answers with the papers made (ids, form numbers, sizes) and the pairwise overlap
table, never their questions: papers stay sealed (EXAM-04). An infeasible blueprint is a 400
DomainError whose message says why.
"""

from datetime import datetime
from typing import Any

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from skillcert.core.api_types import DbId
from skillcert.core.pagination import BoundedPagination
from skillcert.core.web import found_or_404
from skillcert.institutions.guards import institution_api
from skillcert.plans.web import sitting_get

from . import selectors
from .assembly import MAX_FORMS, paper_set_assemble

router = Router(tags=["题库与组卷 itembank"])


class ItemFilter(Schema):
    occupation: DbId | None = None
    level: int | None = Field(None, ge=1, le=5)
    kind: str | None = Field(None, max_length=10)
    status: str | None = Field(None, max_length=10)
    source: str | None = Field(None, max_length=10)
    q: str | None = Field(None, max_length=100)


class ItemOut(Schema):
    id: int
    occupation_code: str
    job_type: str | None
    level: int
    kind: str
    stem: str
    options: list[str]
    knowledge_point: str
    difficulty: int
    source: str
    status: str
    version: int
    updated_at: datetime

    @staticmethod
    def resolve_occupation_code(obj) -> str:
        return obj.occupation.code

    @staticmethod
    def resolve_job_type(obj) -> str | None:
        return obj.job_type.name if obj.job_type_id else None


@router.get("/institutions/{iid}/items", response=list[ItemOut])
@paginate(BoundedPagination)
def item_list(request, iid: DbId, filters: Query[ItemFilter]):
    """The bank's items (answers are not listed), filtered."""
    institution = institution_api(request, iid, manage=True)
    return selectors.items_of(institution=institution, **filters.dict()).order_by("id")


class AssembleIn(Schema):
    forms: int = Field(1, ge=1, le=MAX_FORMS)
    seed: int | None = Field(None, ge=0, le=2**62)
    sitting_id: DbId | None = None


class PaperOut(Schema):
    id: int
    form_no: int
    item_count: int
    total_points: str


class PaperSetOut(Schema):
    id: int
    blueprint_id: int
    sitting_id: int | None
    seed: int
    forms: int
    items_per_form: int
    max_overlap: int
    source: str
    overlap: list[list[int]]
    papers: list[PaperOut]


def _out(ps) -> dict[str, Any]:
    return {
        "id": ps.pk,
        "blueprint_id": ps.blueprint_id,
        "sitting_id": ps.sitting_id,
        "seed": ps.seed,
        "forms": ps.forms,
        "items_per_form": ps.items_per_form,
        "max_overlap": ps.max_overlap,
        "source": ps.source,
        "overlap": ps.overlap,
        "papers": [
            {
                "id": p.pk,
                "form_no": p.form_no,
                "item_count": p.item_count,
                "total_points": str(p.total_points),
            }
            for p in selectors.papers_of_set(ps)
        ],
    }


@router.post("/institutions/{iid}/blueprints/{bid}/assemble", response={201: PaperSetOut})
def assemble(request, iid: DbId, bid: DbId, body: AssembleIn):
    """EXAM-02: N parallel forms, pairwise overlap <= 15%; a 400 says why when impossible."""
    institution = institution_api(request, iid, manage=True)
    bp = found_or_404(selectors.blueprint_get(institution=institution, bp_id=bid), "未找到该蓝图")
    sitting = sitting_get(institution, body.sitting_id) if body.sitting_id else None
    ps = paper_set_assemble(
        actor=request.user, blueprint=bp, forms=body.forms, seed=body.seed, sitting=sitting
    )
    return Status(201, _out(ps))
