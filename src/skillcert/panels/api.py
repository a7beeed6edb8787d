"""JSON API of panel scoring: read-only status (managers and the panel) and score entry
(members). Candidates appear by work number; names only after the lock (EXAM-09).
Signing stays on the pages, where the member re-enters their password (SCORE-03)."""

from decimal import Decimal

from ninja import Field, Router, Schema

from skillcert.core.api_types import DbId, decimal_schema
from skillcert.core.errors import Forbidden

from .selectors import module_get, panel_access, panel_board, summary_state
from .services import ScoreEntry, scores_enter

router = Router(tags=["技能考核评分 panels"])


class PanelItemOut(Schema):
    id: int
    description: str
    max_points: Decimal


class ModuleOut(Schema):
    id: int
    name: str
    weight: Decimal
    full_points: Decimal
    items: list[PanelItemOut]


class MemberOut(Schema):
    id: int
    name: str


class CellOut(Schema):
    module_id: int
    valid_total: Decimal | None
    valid_version: int | None
    pending: bool
    latest_version: int | None
    signed_by: list[int]


class RowOut(Schema):
    work_number: str
    name: str | None
    cells: list[CellOut]
    practical: Decimal | None
    absent: bool  # recorded 缺考 (SCORE-01): no scores needed, practical stays null
    absent_basis: str | None


class StatusOut(Schema):
    panel_id: int
    sitting_id: int
    locked: bool
    leader_id: int
    checker_id: int
    members: list[MemberOut]
    modules: list[ModuleOut]
    rows: list[RowOut]
    tally_current: bool
    summary_current: bool


# Up to 1000 points with one decimal, as the documented string pattern says.
Points = decimal_schema(
    r"^(1000(\.0)?|\d{1,3}(\.\d)?)$", ge=0, le=1000, max_digits=6, decimal_places=1
)


class PanelScoreIn(Schema):
    work_number: str = Field(max_length=10)
    item_id: DbId
    points: Points


class PanelScoresIn(Schema):
    scores: list[PanelScoreIn] = Field(max_length=5000)
    reason: str = Field("", max_length=200)


def _status(panel) -> StatusOut:
    board = panel_board(panel)
    state = summary_state(panel)
    locked = panel.locked_at is not None
    return StatusOut(
        panel_id=panel.pk,
        sitting_id=panel.sitting_id,
        locked=locked,
        leader_id=panel.leader_id,
        checker_id=panel.checker_id,
        members=[MemberOut(id=p.pk, name=p.name) for p in board.members],
        modules=[
            ModuleOut(
                id=m.pk,
                name=m.name,
                weight=m.weight,
                full_points=Decimal(m.full_points),
                items=[
                    PanelItemOut(id=i.pk, description=i.description, max_points=i.max_points)
                    for i in m.items.all()
                ],
            )
            for m in board.modules
        ],
        rows=[
            RowOut(
                work_number=r.work.number,
                name=r.work.registration.person.name if locked else None,  # EXAM-09
                cells=[
                    CellOut(
                        module_id=c.module.pk,
                        valid_total=c.valid.total if c.valid else None,
                        valid_version=c.valid.number if c.valid else None,
                        pending=c.pending,
                        latest_version=c.latest.number if c.latest else None,
                        signed_by=c.signed,
                    )
                    for c in r.cells
                ],
                practical=r.practical,
                absent=r.absence is not None,
                absent_basis=r.absence.get_basis_display() if r.absence else None,
            )
            for r in board.rows
        ],
        tally_current=state["tally_current"],
        summary_current=state["summary_current"],
    )


@router.get("/institutions/{iid}/panels/{pid}/status", response=StatusOut)
def panel_status(request, iid: DbId, pid: DbId):
    """Who signed what (SCORE-03); managers and the panel only, others 404."""
    return _status(panel_access(request.user, iid, pid).panel)


@router.put("/institutions/{iid}/panels/{pid}/modules/{mid}/scores", response=StatusOut)
def panel_scores_put(request, iid: DbId, pid: DbId, mid: DbId, payload: PanelScoresIn):
    """The calling member's points by work number (all or nothing); a change to a signed
    version is a new version that counts only when every member signs (SCORE-03)."""
    access = panel_access(request.user, iid, pid)
    if not access.member:
        raise Forbidden()
    module = module_get(access.panel, mid)
    scores_enter(
        actor=request.user,
        panel=access.panel,
        module=module,
        entries=[ScoreEntry(s.work_number, s.item_id, s.points) for s in payload.scores],
        reason=payload.reason,
    )
    return _status(access.panel)
