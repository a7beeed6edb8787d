"""Writes of supervision (INST-09, INST-10, external supervisors): each typed, keyword-only,
atomic and audited; the actor is staff of the authority whose region covers the institution."""

import random
import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.institutions import services as institutions
from skillcert.institutions.models import Authority, Institution
from skillcert.plans.models import Sitting

from . import selectors
from .models import (
    AnnualInspection,
    AnnualItem,
    CreditEvent,
    InspectionDraw,
    InspectionTarget,
    Inspector,
    SittingSupervisor,
)


def _text(value: str, *, field: str, label: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError("required", f"{label}不能为空", field=field)
    if "\x00" in value or len(value) > limit:
        raise DomainError("too_long", f"{label}不能超过{limit}个字符", field=field)
    return value


def _in_region(authority: Authority, institution: Institution) -> None:
    if not institution.region_code.startswith(authority.region_prefix):
        raise DomainError("not_region", "该机构不在本部门辖区", rule="INST-09")


@transaction.atomic
def inspector_add(*, actor, authority: Authority, name: str, unit: str = "") -> Inspector:
    inspector = Inspector.objects.create(
        authority=authority,
        name=_text(name, field="name", label="姓名", limit=50),
        unit=_text(unit, field="unit", label="工作单位", limit=100, required=False),
    )
    audit_record(actor=actor, action="inspector.add", obj=inspector, after={"name": inspector.name})
    return inspector


def draw_pick(
    *,
    seed: str,
    institutions: list[int],
    inspectors: list[int],
    institution_count: int,
    inspector_count: int,
) -> list[tuple[int, list[int]]]:
    """INST-09 双随机: the institutions and, for each, its inspectors, drawn by a generator
    seeded with `seed` from the sorted pools: the same seed and pools draw the same."""
    rng = random.Random(f"skillcert-inst09:{seed}")
    picked = rng.sample(sorted(institutions), institution_count)
    return [(iid, sorted(rng.sample(sorted(inspectors), inspector_count))) for iid in picked]


@transaction.atomic
def draw_make(
    *,
    actor,
    authority: Authority,
    title: str,
    institution_count: int,
    inspector_count: int,
    seed: str = "",
) -> InspectionDraw:
    """INST-09: draw institutions of the region and inspectors of the authority at random,
    recording the seed and both pools (reproducible), audited."""
    title = _text(title, field="title", label="检查名称", limit=100)
    seed = _text(seed, field="seed", label="随机种子", limit=64, required=False)
    seed = seed or secrets.token_hex(8)
    pool = selectors.draw_pool(authority)
    people = selectors.inspector_pool(authority)
    if not 1 <= institution_count <= len(pool):
        raise DomainError(
            "draw_count",
            f"抽取机构数应在1到{len(pool)}之间（辖区已备案机构{len(pool)}家）",
            field="institution_count",
            rule="INST-09",
        )
    if not 1 <= inspector_count <= len(people):
        raise DomainError(
            "draw_inspectors",
            f"每机构检查人员数应在1到{len(people)}之间（在册检查人员{len(people)}人）",
            field="inspector_count",
            rule="INST-09",
        )
    draw = InspectionDraw.objects.create(
        authority=authority,
        title=title,
        seed=seed,
        institution_pool=pool,
        inspector_pool=people,
        institution_count=institution_count,
        inspector_count=inspector_count,
        drawn_by=actor if getattr(actor, "pk", None) else None,
    )
    picks = draw_pick(
        seed=seed,
        institutions=pool,
        inspectors=people,
        institution_count=institution_count,
        inspector_count=inspector_count,
    )
    for iid, inspector_ids in picks:
        target = InspectionTarget.objects.create(draw=draw, institution_id=iid)
        target.inspectors.set(inspector_ids)
    audit_record(
        actor=actor,
        action="inspection.draw",
        obj=draw,
        after={"seed": seed, "institution_pool": pool, "inspector_pool": people, "picked": picks},
    )
    return draw


OUTCOME_POINTS = {
    InspectionTarget.RECTIFY: "credit_points_rectify",
    InspectionTarget.SERIOUS: "credit_points_serious",
}


@transaction.atomic
def finding_record(
    *, actor, target: InspectionTarget, outcome: str, findings: str
) -> InspectionTarget:
    """INST-09: the finding of an inspected institution; a problem found is a credit event."""
    target = InspectionTarget.objects.select_for_update().select_related("draw").get(pk=target.pk)
    if target.draw.published_at is not None:
        raise DomainError("draw_published", "抽查结果已公开，不能再修改", rule="INST-09")
    if outcome not in dict(InspectionTarget.OUTCOMES) or outcome == InspectionTarget.PENDING:
        raise DomainError("finding_outcome", "请选择检查结果", field="outcome", rule="INST-09")
    required = outcome != InspectionTarget.PASSED
    findings = _text(findings, field="findings", label="检查发现", limit=2000, required=required)
    before = {"outcome": target.outcome, "findings": target.findings}
    target.outcome, target.findings = outcome, findings
    target.recorded_at = timezone.now()
    target.save(update_fields=["outcome", "findings", "recorded_at"])
    target.credit_events.all().delete()  # a corrected finding replaces its credit event
    if outcome in OUTCOME_POINTS:
        CreditEvent.objects.create(
            institution_id=target.institution_id,
            kind=CreditEvent.FINDING,
            points=getattr(rules(), OUTCOME_POINTS[outcome]),
            note=f"{target.draw.title}：{target.get_outcome_display()}"[:200],
            target=target,
            occurred_on=timezone.localdate(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
    audit_record(
        actor=actor,
        action="inspection.finding",
        obj=target,
        before=before,
        after={"outcome": outcome, "findings": findings},
        institution_id=target.institution_id,
    )
    return target


@transaction.atomic
def draw_publish(*, actor, draw: InspectionDraw) -> InspectionDraw:
    """INST-09 一公开: publish once every drawn institution's finding is recorded."""
    draw = InspectionDraw.objects.select_for_update().get(pk=draw.pk)
    if draw.published_at is not None:
        raise DomainError("draw_published", "抽查结果已公开", rule="INST-09")
    pending = draw.targets.filter(outcome=InspectionTarget.PENDING).count()
    if pending:
        raise DomainError(
            "draw_pending", f"还有{pending}家机构未记录检查结果，不能公开", rule="INST-09"
        )
    draw.published_at = timezone.now()
    draw.save(update_fields=["published_at"])
    audit_record(
        actor=actor,
        action="inspection.publish",
        obj=draw,
        after={"published_at": draw.published_at},
    )
    return draw


KIND_POINTS = {
    CreditEvent.COMMITMENT: "credit_points_commitment",
    CreditEvent.LATE_REPORT: "credit_points_late_report",
    CreditEvent.OTHER: "credit_points_other",
}


@transaction.atomic
def credit_event_add(
    *,
    actor,
    authority: Authority,
    institution: Institution,
    kind: str,
    note: str,
    occurred_on: date,
) -> CreditEvent:
    """INST-09: a credit event (a broken commitment of INST-15, a late report, another
    breach), its points from the rules settings, audited. Findings come from `finding_record`."""
    _in_region(authority, institution)
    if kind not in KIND_POINTS:
        raise DomainError("credit_kind", "请选择信用事件类型", field="kind", rule="INST-09")
    if occurred_on > timezone.localdate():
        raise DomainError("credit_date", "发生日期不能晚于今天", field="occurred_on")
    event = CreditEvent.objects.create(
        institution=institution,
        kind=kind,
        points=getattr(rules(), KIND_POINTS[kind]),
        note=_text(note, field="note", label="说明", limit=200),
        occurred_on=occurred_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="credit.event",
        obj=event,
        after={"kind": kind, "points": event.points, "note": event.note},
    )
    return event


def suspend(*, actor, authority: Authority, institution: Institution, reason: str) -> Institution:
    """INST-09: suspend an institution of the region (institutions' audited service); it
    leaves the directory and must settle `selectors.pending_sittings`."""
    _in_region(authority, institution)
    return institutions.institution_suspend(actor=actor, institution=institution, reason=reason)


def reinstate(*, actor, authority: Authority, institution: Institution, reason: str):
    _in_region(authority, institution)
    return institutions.institution_reinstate(actor=actor, institution=institution, reason=reason)


@transaction.atomic
def supervisor_send(
    *, actor, authority: Authority, sitting: Sitting, inspector: Inspector
) -> SittingSupervisor:
    """The authority sends one of its people to a sitting of its region as external supervisor."""
    _in_region(authority, sitting.institution)
    if inspector.authority_id != authority.pk or not inspector.active:
        raise DomainError("supervisor_inspector", "请选择本部门在册人员", field="inspector")
    if sitting.status == Sitting.CLOSED:
        raise DomainError("sitting_closed", "该批次已结束", field="sitting")
    if SittingSupervisor.objects.filter(sitting=sitting, inspector=inspector).exists():
        raise DomainError("supervisor_twice", f"{inspector.name}已派往该批次", field="inspector")
    row = SittingSupervisor.objects.create(
        sitting=sitting, inspector=inspector, sent_by=actor if getattr(actor, "pk", None) else None
    )
    audit_record(
        actor=actor,
        action="sitting_supervisor.send",
        obj=row,
        after={"sitting": sitting.pk, "inspector": inspector.name},
        institution_id=sitting.institution_id,
    )
    return row


@transaction.atomic
def annual_item_save(*, actor, year: int, code: str, title: str, max_points: int) -> AnnualItem:
    """INST-10: a published item of the year's annual inspection and its points."""
    if not 2000 <= year <= 2100:
        raise DomainError("annual_year", "年度不正确", field="year", rule="INST-10")
    if not 1 <= max_points <= 100:
        raise DomainError("annual_points", "分值应在1到100之间", field="max_points", rule="INST-10")
    item, _ = AnnualItem.objects.update_or_create(
        year=year,
        code=_text(code, field="code", label="序号", limit=10),
        defaults={
            "title": _text(title, field="title", label="检查项目", limit=200),
            "max_points": max_points,
        },
    )
    audit_record(
        actor=actor,
        action="annual_item.save",
        obj=item,
        after={"year": year, "code": item.code, "title": item.title, "max_points": max_points},
    )
    return item


@transaction.atomic
def annual_score(
    *, actor, authority: Authority, institution: Institution, year: int, scores: dict[str, int]
) -> AnnualInspection:
    """INST-10: score an institution's year against the published items: every item scored,
    each within its points; the total is their sum."""
    _in_region(authority, institution)
    items = {i.code: i for i in selectors.annual_items(year)}
    if not items:
        raise DomainError("annual_items", f"{year}年度尚未发布年检项目", rule="INST-10")
    unknown = set(scores) - set(items)
    if unknown:
        raise DomainError(
            "annual_unknown", f"没有这些年检项目：{'、'.join(sorted(unknown))}", rule="INST-10"
        )
    for code, item in items.items():
        if code not in scores:
            raise DomainError(
                "annual_missing", f"第{code}项“{item.title}”未评分", field=code, rule="INST-10"
            )
        if not 0 <= int(scores[code]) <= item.max_points:
            raise DomainError(
                "annual_range",
                f"第{code}项得分应在0到{item.max_points}之间",
                field=code,
                rule="INST-10",
            )
    clean = {code: int(scores[code]) for code in items}
    row = (
        AnnualInspection.objects.select_for_update()
        .filter(institution=institution, year=year)
        .first()
    )
    before = dict(row.scores) if row else None
    row = row or AnnualInspection(institution=institution, year=year)
    row.scores, row.total = clean, sum(clean.values())
    row.scored_by = actor if getattr(actor, "pk", None) else None
    row.save()
    audit_record(
        actor=actor,
        action="annual.score",
        obj=row,
        before=before,
        after={"scores": clean, "total": row.total},
    )
    return row
