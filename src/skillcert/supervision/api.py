"""API of supervision (INST-09, INST-10): the authority's draws, findings, publication,
credit and suspension; the public results; an institution's own credit record. Thin: the
guard resolves the authority (404 to anyone else), the services check the rules."""

from datetime import date, datetime

from ninja import Router, Schema, Status
from pydantic import Field

from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.web import found_or_404
from skillcert.institutions.guards import institution_api

from . import selectors, services
from .guards import authority_for

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
