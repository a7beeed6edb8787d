"""Assembling parallel forms from the bank and storing them sealed (EXAM-01, EXAM-02, EXAM-04).

EXAM-01: items come from the national bank where one exists. For the blueprint's occupation,
job type and level, when the bank holds reviewed national items, only national items are
used; otherwise the institution's own items (built by experts against the standard). Items
of no job type serve every job type of the occupation.
"""

import secrets
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules

from . import solver
from .blueprint import Candidate
from .custody import _log, seal
from .models import (
    NATIONAL,
    OWN,
    SOURCE_LABELS,
    Blueprint,
    Item,
    Paper,
    PaperCustodyEvent,
    PaperSet,
)
from .services import spec_of

MAX_FORMS = 30


def bank_items(bp: Blueprint):
    """Reviewed items of the blueprint's subject (both sources)."""
    job = Q(job_type__isnull=True) | (Q(job_type=bp.job_type_id) if bp.job_type_id else Q())
    return Item.objects.filter(
        institution_id=bp.institution_id,
        occupation_id=bp.occupation_id,
        level=bp.level,
        status=Item.REVIEWED,
    ).filter(job)


def source_for(bp: Blueprint) -> str:
    """EXAM-01: national where the bank has national items for this subject, else own."""
    return NATIONAL if bank_items(bp).filter(source=NATIONAL).exists() else OWN


def candidates(bp: Blueprint, source: str) -> list[Candidate]:
    rows = (
        bank_items(bp)
        .filter(source=source)
        .values_list("id", "kind", "difficulty", "knowledge_point")
    )
    return [Candidate(*r) for r in rows.order_by("id")]


def assemble_forms(*, blueprint: Blueprint, forms: int, seed: int) -> tuple[str, solver.Assembly]:
    """Solve without writing (the bench and the preview use it)."""
    if not 1 <= forms <= MAX_FORMS:
        raise DomainError("assembly_forms", f"套数应为1–{MAX_FORMS}", field="forms")
    source = source_for(blueprint)
    try:
        result = solver.assemble(
            spec_of(blueprint),
            candidates(blueprint, source),
            forms=forms,
            overlap_share=float(rules().parallel_overlap_share),
            seed=seed,
        )
    except solver.AssemblyInfeasible as exc:
        exc.message = f"{exc.message}（试题来源：{SOURCE_LABELS[source]}，EXAM-01）"
        raise
    return source, result


def _question(item: Item, points: Decimal) -> dict:
    return {
        "item_id": item.pk,
        "version": item.version,
        "kind": item.kind,
        "stem": item.stem,
        "options": item.options,
        "answer": item.answer,
        "points": str(points),
        "knowledge_point": item.knowledge_point,
        "difficulty": item.difficulty,
    }


def form_questions(blueprint: Blueprint, form: list[int], items: dict | None = None) -> list:
    """The questions of one assembled form, in paper order, with the blueprint's points."""
    items = Item.objects.in_bulk(form) if items is None else items
    points = {k: Decimal(s["points"]) for k, s in blueprint.sections.items()}
    return [_question(items[i], points[items[i].kind]) for i in form]


@transaction.atomic
def paper_set_assemble(
    *, actor, blueprint: Blueprint, forms: int, seed: int | None = None, sitting=None
) -> PaperSet:
    """N parallel forms, each stored as a sealed Paper in the actor's custody (EXAM-02/04)."""
    if sitting is not None and sitting.institution_id != blueprint.institution_id:
        raise DomainError("assembly_sitting", "批次不属于本机构", field="sitting")
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    source, result = assemble_forms(blueprint=blueprint, forms=forms, seed=seed)
    size = sum(len(f) for f in result.forms[:1])
    paper_set = PaperSet.objects.create(
        institution_id=blueprint.institution_id,
        blueprint=blueprint,
        sitting=sitting,
        seed=seed,
        forms=forms,
        items_per_form=size,
        max_overlap=result.max_overlap,
        overlap=result.overlap,
        source=source,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    ids = {i for f in result.forms for i in f}
    items = Item.objects.in_bulk(ids)
    custodian = actor if getattr(actor, "is_authenticated", False) else None
    for n, form in enumerate(result.forms, start=1):
        questions = form_questions(blueprint, form, items)
        paper = Paper.objects.create(
            institution_id=blueprint.institution_id,
            paper_set=paper_set,
            sitting=sitting,
            blueprint=blueprint,
            form_no=n,
            sealed=seal({"form_no": n, "questions": questions}),
            item_count=len(questions),
            total_points=sum((Decimal(q["points"]) for q in questions), Decimal("0")),
            custodian=custodian,
        )
        _log(paper, PaperCustodyEvent.ASSEMBLE, actor, f"组卷封存（第{n}套）")
    audit_record(
        actor=actor,
        action="paper_set.assemble",
        obj=paper_set,
        after={
            "blueprint": blueprint.pk,
            "forms": forms,
            "seed": seed,
            "source": source,
            "overlap": result.overlap,
            "sitting": getattr(sitting, "pk", None),
        },
    )
    return paper_set


@transaction.atomic
def paper_set_attach_sitting(*, actor, paper_set: PaperSet, sitting) -> PaperSet:
    """Give a bank paper set its sitting (the date that opens it, EXAM-04)."""
    if sitting.institution_id != paper_set.institution_id:
        raise DomainError("assembly_sitting", "批次不属于本机构", field="sitting")
    if paper_set.sitting_id and paper_set.sitting_id != sitting.pk:
        raise DomainError("assembly_sitting", "该组试卷已指定批次", field="sitting", rule="EXAM-04")
    before = paper_set.sitting_id
    paper_set.sitting = sitting
    paper_set.save(update_fields=["sitting"])
    paper_set.papers.update(sitting=sitting)
    audit_record(
        actor=actor,
        action="paper_set.sitting",
        obj=paper_set,
        before={"sitting": before},
        after={"sitting": sitting.pk},
    )
    return paper_set
