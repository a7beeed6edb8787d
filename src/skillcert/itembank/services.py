"""Writes of the item bank and blueprints (EXAM-01, EXAM-03). Papers: assembly.py; custody:
custody.py; imports: item_import.py.

An edit of an item's content writes a new version (EXAM-03 counts them) and sends a
reviewed item back to draft: only reviewed items go into papers, and a changed item has not
been reviewed yet.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from skillcert.catalog.models import JobType, Occupation
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.numbers import decimal_text
from skillcert.institutions.models import Institution

from .blueprint import Spec, spec_problems
from .hooks import WRITE, pledge_missing
from .item_check import Content, clean_content
from .kinds import KIND_LABELS
from .models import Blueprint, Item, ItemVersion

CONTENT_FIELDS = (
    "kind",
    "stem",
    "options",
    "answer",
    "knowledge_point",
    "difficulty",
    "source",
    "author",
)


def check_writer(actor, institution_id: int) -> None:
    """EXAM-12: an item writer signs the responsibility pledge before writing items (records
    keeps the pledges and answers `hooks.pledge_missing`); the system (no actor) signs none."""
    missing = pledge_missing(user=actor, institution_id=institution_id, purpose=WRITE)
    if missing:
        raise DomainError("writer_no_pledge", missing, rule="EXAM-12")


def item_snapshot(item: Item) -> dict:
    return {f: getattr(item, f) for f in CONTENT_FIELDS} | {
        "occupation": item.occupation_id,
        "job_type": item.job_type_id,
        "level": item.level,
        "status": item.status,
        "version": item.version,
    }


def check_subject(occupation: Occupation, job_type: JobType | None, level: int) -> None:
    if occupation is None or occupation.rank != 4:
        raise DomainError("item_occupation", "请选择一个职业（第4层级）", field="occupation")
    if job_type is not None and job_type.occupation_id != occupation.pk:
        raise DomainError(
            "item_job_type", f"工种“{job_type.name}”不属于{occupation.name}", field="job_type"
        )
    if level not in (1, 2, 3, 4, 5):
        raise DomainError("item_level", "级别应为1–5", field="level")


def _version(item: Item, actor, at) -> ItemVersion:
    return ItemVersion(
        institution_id=item.institution_id,
        item=item,
        version=item.version,
        content={f: getattr(item, f) for f in CONTENT_FIELDS},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=at,
    )


def item_build(
    *, institution, occupation, job_type, level, content: Content, status: str = Item.DRAFT
) -> Item:
    """An unsaved item from checked content (the import builds many at once)."""
    return Item(
        institution=institution,
        occupation=occupation,
        job_type=job_type,
        level=level,
        status=status,
        **{f: getattr(content, f) for f in CONTENT_FIELDS},
    )


@transaction.atomic
def item_create(
    *,
    actor,
    institution: Institution,
    occupation: Occupation,
    job_type: JobType | None,
    level: int,
    kind: str,
    stem: str,
    options,
    answer,
    knowledge_point: str,
    difficulty: int,
    source: str,
    author: str = "",
) -> Item:
    check_writer(actor, institution.pk)
    check_subject(occupation, job_type, level)
    content = clean_content(
        kind=kind,
        stem=stem,
        options=options,
        answer=answer,
        knowledge_point=knowledge_point,
        difficulty=difficulty,
        source=source,
        author=author,
    )
    item = item_build(
        institution=institution,
        occupation=occupation,
        job_type=job_type,
        level=level,
        content=content,
    )
    item.save()
    _version(item, actor, item.created_at).save()
    audit_record(actor=actor, action="item.create", obj=item, after=item_snapshot(item))
    return item


@transaction.atomic
def item_update(*, actor, item: Item, **changes) -> Item:
    """A new version when the content changes (EXAM-03); a reviewed item returns to draft."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    check_writer(actor, item.institution_id)
    if item.status == Item.RETIRED:
        raise DomainError("item_retired", "已停用的试题不能修改，请先恢复为草稿", field="status")
    unknown = set(changes) - set(CONTENT_FIELDS) - {"occupation", "job_type", "level"}
    if unknown:
        raise DomainError("item_field", f"不能修改：{'、'.join(sorted(unknown))}")
    before = item_snapshot(item)
    occupation = changes.get("occupation", item.occupation)
    job_type = changes.get("job_type", item.job_type)
    level = changes.get("level", item.level)
    check_subject(occupation, job_type, level)
    content = clean_content(**{f: changes.get(f, getattr(item, f)) for f in CONTENT_FIELDS})
    new = {f: getattr(content, f) for f in CONTENT_FIELDS}
    if all(new[f] == before[f] for f in CONTENT_FIELDS) and (
        occupation.pk,
        getattr(job_type, "pk", None),
        level,
    ) == (before["occupation"], before["job_type"], before["level"]):
        return item
    for f, v in new.items():
        setattr(item, f, v)
    item.occupation, item.job_type, item.level = occupation, job_type, level
    item.version += 1
    item.status = Item.DRAFT
    item.save()
    _version(item, actor, timezone.now()).save()
    audit_record(
        actor=actor, action="item.revise", obj=item, before=before, after=item_snapshot(item)
    )
    return item


_STATUS_MOVES = {
    Item.DRAFT: {Item.REVIEWED, Item.RETIRED},
    Item.REVIEWED: {Item.DRAFT, Item.RETIRED},
    Item.RETIRED: {Item.DRAFT},
}


@transaction.atomic
def item_set_status(*, actor, item: Item, status: str) -> Item:
    """Review (审核), retire (停用) or restore an item; not a new version (not a revision)."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    if status == item.status:
        return item
    if status not in _STATUS_MOVES.get(item.status, set()):
        labels = dict(Item.STATUSES)
        raise DomainError(
            "item_status",
            f"试题不能从“{labels[item.status]}”改为“{labels.get(status, status)}”",
            field="status",
        )
    before = item.status
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="item.status",
        obj=item,
        before={"status": before},
        after={"status": status},
    )
    return item


# --- blueprints -------------------------------------------------------------------------------


def _share(value, field: str) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError("blueprint_invalid", "比例应为0–1之间的小数", field=field) from None
    if not d.is_finite() or not 0 <= d <= 1:
        raise DomainError("blueprint_invalid", "比例应为0–1之间的小数", field=field)
    return d


def clean_blueprint(
    sections: dict, difficulty_mix: dict, tolerance, knowledge_points: dict
) -> tuple[dict, dict, Decimal, dict]:
    """Normalised JSON for the model; DomainError naming the field otherwise."""
    clean_sections = {}
    for kind, sec in (sections or {}).items():
        if kind not in KIND_LABELS:
            raise DomainError("blueprint_invalid", f"未知题型“{kind}”", field="sections")
        try:
            count = int(sec.get("count", 0))
            points = Decimal(str(sec.get("points", "0")))
        except (InvalidOperation, ValueError, TypeError, AttributeError):
            raise DomainError(
                "blueprint_invalid", f"{KIND_LABELS[kind]}的题量或分值无效", field="sections"
            ) from None
        if not 0 <= count <= 500 or not points.is_finite() or not 0 <= points <= 100:
            raise DomainError(
                "blueprint_invalid",
                f"{KIND_LABELS[kind]}的题量应为0–500，每题分值0–100",
                field="sections",
            )
        if count:
            clean_sections[kind] = {"count": count, "points": decimal_text(points)}
    mix = {}
    for d, share in (difficulty_mix or {}).items():
        if str(d) not in {"1", "2", "3", "4", "5"}:
            raise DomainError("blueprint_invalid", f"难度“{d}”应为1–5", field="difficulty_mix")
        if _share(share, "difficulty_mix"):
            mix[str(d)] = str(_share(share, "difficulty_mix"))
    tol = _share(tolerance, "difficulty_tolerance")
    kps = {}
    for kp, n in (knowledge_points or {}).items():
        kp = str(kp).strip()
        try:
            n = int(n)
        except (ValueError, TypeError):
            raise DomainError(
                "blueprint_invalid", f"知识点“{kp}”的最少题数无效", field="knowledge_points"
            ) from None
        if not kp or len(kp) > 100 or not 1 <= n <= 500:
            raise DomainError(
                "blueprint_invalid", "知识点应有名称，最少题数为1–500", field="knowledge_points"
            )
        kps[kp] = n
    problems = spec_problems(spec_of_values(clean_sections, mix, tol, kps))
    if problems:
        raise DomainError("blueprint_invalid", "；".join(problems), field="sections")
    return clean_sections, mix, tol, kps


def spec_of_values(sections: dict, mix: dict, tol, kps: dict) -> Spec:
    return Spec(
        counts={k: int(v["count"]) for k, v in sections.items() if int(v["count"])},
        difficulty_mix={int(d): float(s) for d, s in mix.items()},
        tolerance=float(tol),
        knowledge_points={k: int(n) for k, n in kps.items()},
    )


def spec_of(bp: Blueprint) -> Spec:
    return spec_of_values(
        bp.sections, bp.difficulty_mix, bp.difficulty_tolerance, bp.knowledge_points
    )


@transaction.atomic
def blueprint_create(
    *,
    actor,
    institution: Institution,
    name: str,
    occupation: Occupation,
    job_type: JobType | None,
    level: int,
    sections: dict,
    difficulty_mix: dict | None = None,
    difficulty_tolerance=Decimal("0.05"),
    knowledge_points: dict | None = None,
) -> Blueprint:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise DomainError("blueprint_name", "请填写蓝图名称（不超过100字）", field="name")
    check_subject(occupation, job_type, level)
    sections, mix, tol, kps = clean_blueprint(
        sections, difficulty_mix or {}, difficulty_tolerance, knowledge_points or {}
    )
    bp = Blueprint.objects.create(
        institution=institution,
        name=name,
        occupation=occupation,
        job_type=job_type,
        level=level,
        sections=sections,
        difficulty_mix=mix,
        difficulty_tolerance=tol,
        knowledge_points=kps,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="blueprint.create",
        obj=bp,
        after={"name": name, "sections": sections, "mix": mix, "tol": tol, "kps": kps},
    )
    return bp


def blueprint_total_points(bp: Blueprint) -> Decimal:
    return sum((int(s["count"]) * Decimal(s["points"]) for s in bp.sections.values()), Decimal("0"))
