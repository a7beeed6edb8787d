"""API of supervision (INST-09, INST-10): the authority's draws, findings, publication,
credit and suspension; the public results; an institution's own credit record. Thin: the
guard resolves the authority (404 to anyone else), the services check the rules."""

from datetime import date, datetime
from typing import Annotated

from ninja import Router, Schema, Status
from pydantic import Field

from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.web import found_or_404
from skillcert.core.xlsx import xlsx_response
from skillcert.institutions.guards import institution_api

from . import selectors, services
from .guards import authority_for
from .report import annual_workbook

router = Router(tags=["监督检查 supervision"])


class SupervisionTargetOut(Schema):
    id: int
    institution_id: int
    institution_name: str
    inspector_ids: list[int]
    outcome: str
    findings: str


class SupervisionDrawOut(Schema):
    id: int
    title: str
    seed: str
    institution_pool: list[int]
    inspector_pool: list[int]
    drawn_at: datetime
    published_at: datetime | None
    targets: list[SupervisionTargetOut]


class SupervisionDrawIn(Schema):
    title: str = Field(max_length=100, pattern=NO_NUL)
    institution_count: int = Field(ge=1, le=500)
    inspector_count: int = Field(ge=1, le=20)
    seed: str = Field("", max_length=64, pattern=NO_NUL)


class SupervisionFindingIn(Schema):
    outcome: str = Field(
        max_length=10, description="passed 未发现问题、rectify 责令整改、serious 严重问题"
    )
    findings: str = Field("", max_length=2000, pattern=NO_NUL)


class SupervisionCreditEventIn(Schema):
    kind: str = Field(
        max_length=12, description="commitment 违背承诺、late_report 逾期报送、other 其他"
    )
    note: str = Field(max_length=200, pattern=NO_NUL)
    occurred_on: date


class SupervisionCreditEventOut(Schema):
    id: int
    kind: str
    points: int
    note: str
    occurred_on: date


class SupervisionCreditOut(Schema):
    institution_id: int
    status: str
    score: int
    events: list[SupervisionCreditEventOut]
    pending_sitting_ids: list[int]


class SupervisionReasonIn(Schema):
    reason: str = Field(max_length=500, pattern=NO_NUL)


def _draw_out(draw) -> SupervisionDrawOut:
    return SupervisionDrawOut(
        id=draw.pk,
        title=draw.title,
        seed=draw.seed,
        institution_pool=draw.institution_pool,
        inspector_pool=draw.inspector_pool,
        drawn_at=draw.drawn_at,
        published_at=draw.published_at,
        targets=[
            SupervisionTargetOut(
                id=t.pk,
                institution_id=t.institution_id,
                institution_name=t.institution.name,
                inspector_ids=sorted(p.pk for p in t.inspectors.all()),
                outcome=t.outcome,
                findings=t.findings,
            )
            for t in selectors.targets_of(draw)
        ],
    )


def _credit_out(institution) -> SupervisionCreditOut:
    return SupervisionCreditOut(
        institution_id=institution.pk,
        status=institution.status,
        score=selectors.credit_score(institution),
        events=[
            SupervisionCreditEventOut(
                id=e.pk, kind=e.kind, points=e.points, note=e.note, occurred_on=e.occurred_on
            )
            for e in selectors.credit_events(institution)
        ],
        pending_sitting_ids=[s.pk for s in selectors.pending_sittings(institution)],
    )


@router.get("/supervision/results", auth=None, response=list[SupervisionDrawOut])
def supervision_results(request):
    """INST-09 一公开: the published draws and their findings (no login)."""
    return [_draw_out(d) for d in selectors.published_draws()]


@router.get("/supervision/draws", response=list[SupervisionDrawOut])
def supervision_draws(request):
    authority = authority_for(request.user)
    return [_draw_out(d) for d in selectors.draws_of(authority)]


@router.post("/supervision/draws", response={201: SupervisionDrawOut})
def supervision_draw_make(request, body: SupervisionDrawIn):
    """INST-09: draw institutions and inspectors (seeded; the seed and pools are recorded)."""
    authority = authority_for(request.user)
    draw = services.draw_make(actor=request.user, authority=authority, **body.dict())
    return Status(201, _draw_out(draw))


def _draw(request, draw_id):
    authority = authority_for(request.user)
    return found_or_404(selectors.draw_of(authority, draw_id), "未找到该抽查")


@router.get("/supervision/draws/{draw_id}", response=SupervisionDrawOut)
def supervision_draw(request, draw_id: DbId):
    return _draw_out(_draw(request, draw_id))


@router.post(
    "/supervision/draws/{draw_id}/targets/{target_id}/finding", response=SupervisionDrawOut
)
def supervision_finding(request, draw_id: DbId, target_id: DbId, body: SupervisionFindingIn):
    draw = _draw(request, draw_id)
    target = found_or_404(selectors.target_of(draw, target_id), "未找到该抽查对象")
    services.finding_record(actor=request.user, target=target, **body.dict())
    return _draw_out(draw)


@router.post("/supervision/draws/{draw_id}/publish", response=SupervisionDrawOut)
def supervision_publish(request, draw_id: DbId):
    draw = services.draw_publish(actor=request.user, draw=_draw(request, draw_id))
    return _draw_out(draw)


def _institution(request, institution_id):
    authority = authority_for(request.user)
    found = selectors.institution_of(authority, institution_id)
    return authority, found_or_404(found, "未找到该机构")


@router.get("/supervision/institutions/{institution_id}/credit", response=SupervisionCreditOut)
def supervision_credit(request, institution_id: DbId):
    _, institution = _institution(request, institution_id)
    return _credit_out(institution)


@router.post(
    "/supervision/institutions/{institution_id}/credit-events",
    response={201: SupervisionCreditOut},
)
def supervision_credit_event(request, institution_id: DbId, body: SupervisionCreditEventIn):
    authority, institution = _institution(request, institution_id)
    services.credit_event_add(
        actor=request.user, authority=authority, institution=institution, **body.dict()
    )
    return Status(201, _credit_out(institution))


@router.post("/supervision/institutions/{institution_id}/suspend", response=SupervisionCreditOut)
def supervision_suspend(request, institution_id: DbId, body: SupervisionReasonIn):
    """INST-09: suspend (leaves the directory; pending sittings listed in the answer)."""
    authority, institution = _institution(request, institution_id)
    institution = services.suspend(
        actor=request.user, authority=authority, institution=institution, reason=body.reason
    )
    return _credit_out(institution)


@router.post("/supervision/institutions/{institution_id}/reinstate", response=SupervisionCreditOut)
def supervision_reinstate(request, institution_id: DbId, body: SupervisionReasonIn):
    authority, institution = _institution(request, institution_id)
    institution = services.reinstate(
        actor=request.user, authority=authority, institution=institution, reason=body.reason
    )
    return _credit_out(institution)


@router.get("/i/{iid}/credit", response=SupervisionCreditOut)
def own_credit(request, iid: DbId):
    """The institution's own credit record."""
    return _credit_out(institution_api(request, iid))


class SupervisionInspectorIn(Schema):
    name: str = Field(max_length=50, pattern=NO_NUL)
    unit: str = Field("", max_length=100, pattern=NO_NUL)


class SupervisionInspectorOut(Schema):
    id: int
    name: str
    unit: str
    active: bool


@router.get("/supervision/inspectors", response=list[SupervisionInspectorOut])
def supervision_inspectors(request):
    return list(selectors.inspectors_of(authority_for(request.user)))


@router.post("/supervision/inspectors", response={201: SupervisionInspectorOut})
def supervision_inspector_add(request, body: SupervisionInspectorIn):
    """The authority's list of inspectors: the pool of the draws and the external supervisors."""
    authority = authority_for(request.user)
    return Status(
        201, services.inspector_add(actor=request.user, authority=authority, **body.dict())
    )


class SupervisionSupervisorIn(Schema):
    inspector_id: DbId


class SupervisionSupervisorOut(Schema):
    inspector_id: int
    name: str
    unit: str


def _sitting(request, sitting_id):
    authority = authority_for(request.user)
    return authority, found_or_404(
        selectors.sitting_in_region(authority, sitting_id), "未找到该批次"
    )


def _supervisors_out(sitting) -> list[SupervisionSupervisorOut]:
    return [
        SupervisionSupervisorOut(
            inspector_id=r.inspector_id, name=r.inspector.name, unit=r.inspector.unit
        )
        for r in selectors.external_supervisors(sitting)
    ]


@router.get(
    "/supervision/sittings/{sitting_id}/supervisors", response=list[SupervisionSupervisorOut]
)
def supervision_sitting_supervisors(request, sitting_id: DbId):
    _, sitting = _sitting(request, sitting_id)
    return _supervisors_out(sitting)


@router.post(
    "/supervision/sittings/{sitting_id}/supervisors",
    response={201: list[SupervisionSupervisorOut]},
)
def supervision_supervisor_send(request, sitting_id: DbId, body: SupervisionSupervisorIn):
    """An external supervisor of the authority sent to a sitting of its region."""
    authority, sitting = _sitting(request, sitting_id)
    inspector = found_or_404(selectors.inspector_of(authority, body.inspector_id), "未找到该人员")
    services.supervisor_send(
        actor=request.user, authority=authority, sitting=sitting, inspector=inspector
    )
    return Status(201, _supervisors_out(sitting))


class SupervisionAnnualItemIn(Schema):
    code: str = Field(max_length=10, pattern=NO_NUL)
    title: str = Field(max_length=200, pattern=NO_NUL)
    max_points: int = Field(ge=1, le=100)


class SupervisionAnnualItemOut(Schema):
    year: int
    code: str
    title: str
    max_points: int


class SupervisionAnnualScoreIn(Schema):
    scores: dict[str, int] = Field(description="年检项目序号 -> 得分")


class SupervisionAnnualOut(Schema):
    institution_id: int
    year: int
    scores: dict[str, int]
    total: int


# INST-10: a year of the annual inspection
Year = Annotated[int, Field(ge=2000, le=2100)]


@router.get("/supervision/annual/{year}/items", response=list[SupervisionAnnualItemOut])
def supervision_annual_items(request, year: Year):
    authority_for(request.user)
    return list(selectors.annual_items(year))


@router.post("/supervision/annual/{year}/items", response={201: SupervisionAnnualItemOut})
def supervision_annual_item(request, body: SupervisionAnnualItemIn, year: Year):
    """INST-10: publish an item of the year's annual inspection with its points."""
    authority_for(request.user)
    item = services.annual_item_save(actor=request.user, year=year, **body.dict())
    return Status(201, item)


@router.post(
    "/supervision/annual/{year}/institutions/{institution_id}", response=SupervisionAnnualOut
)
def supervision_annual_score(
    request, institution_id: DbId, body: SupervisionAnnualScoreIn, year: Year
):
    """INST-10: score the institution's year against the published items."""
    authority, institution = _institution(request, institution_id)
    row = services.annual_score(
        actor=request.user,
        authority=authority,
        institution=institution,
        year=year,
        scores=body.scores,
    )
    return SupervisionAnnualOut(
        institution_id=institution.pk, year=row.year, scores=row.scores, total=row.total
    )


@router.get("/supervision/annual/{year}/report")
def supervision_annual_report(request, year: Year):
    """INST-10 reported upward: the year's results as .xlsx."""
    authority = authority_for(request.user)
    content = annual_workbook(
        selectors.annual_results(authority, year), selectors.annual_items(year)
    )
    return xlsx_response(content, f"{year}年度评价机构年检结果.xlsx")
