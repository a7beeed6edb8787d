"""Reads of the bank, blueprints and papers, scoped to an institution already resolved for
the user; another institution's id, like a missing one, is None (the edge answers 404).
`paper_questions` is what the online exam reads: it unseals through custody (EXAM-04),
which logs the access."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from skillcert.catalog.models import JobType, Occupation
from skillcert.core.api_types import db_id
from skillcert.core.rules import rules
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import scope_job_types, scope_occupations
from skillcert.plans.models import Sitting

from . import custody
from .models import Blueprint, Item, ItemVersion, Paper, PaperHandover, PaperSet, PaperUnlock

QUESTION_KEYS = ("item_id", "kind", "stem", "options", "answer", "points")


def _get(qs, pk):
    """The row of `qs` with this id, or None (also for an id no row can have)."""
    pk = db_id(pk)
    return qs.filter(pk=pk).first() if pk else None


def items_of(*, institution: Institution, **filters):
    """Filters: occupation, job_type, level, kind, status, source, difficulty, q (stem/kp)."""
    qs = Item.objects.filter(institution=institution).select_related("occupation", "job_type")
    for key in ("occupation", "job_type", "level", "kind", "status", "source", "difficulty"):
        value = filters.get(key)
        if value not in (None, ""):
            qs = qs.filter(**{key: value})
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(stem__icontains=q) | Q(knowledge_point__icontains=q))
    return qs


def item_get(*, institution: Institution, item_id) -> Item | None:
    return _get(items_of(institution=institution), item_id)


def versions_of(item: Item):
    return item.versions.select_related("created_by").order_by("-version")


def renewal_by_year(items, *, year: int | None = None) -> dict:
    """EXAM-03: per year, the share of the bank's active (not retired) items added or revised
    in that year (a version written then), over the active items now; below
    `bank_renewal_share` is a warning. The current year is shown as it stands so far."""
    threshold = rules().bank_renewal_share
    active = items.exclude(status=Item.RETIRED)
    total = active.count()
    this_year = year or timezone.localdate().year
    # An item counts once a year: added (created) or revised (a version written) that year.
    pairs = set(
        active.annotate(y=ExtractYear("created_at")).values_list("pk", "y").order_by()
    ) | set(
        ItemVersion.objects.filter(item__in=active.values("pk"))
        .annotate(y=ExtractYear("created_at"))
        .values_list("item_id", "y")
        .order_by()
    )
    per_year: dict[int, int] = {}
    for _, y in pairs:
        per_year[y] = per_year.get(y, 0) + 1
    first = min(per_year, default=this_year)
    rows = []
    for y in range(first, this_year + 1):
        renewed = per_year.get(y, 0)
        share = renewed / total if total else 0.0
        rows.append(
            {
                "year": y,
                "renewed": renewed,
                "active": total,
                "share": share,
                "low": total > 0 and share < float(threshold),
                "current": y == this_year,
            }
        )
    current = rows[-1]
    return {"threshold": float(threshold), "rows": rows, "current": current, "active": total}


def blueprints_of(*, institution: Institution):
    return Blueprint.objects.filter(institution=institution).select_related(
        "occupation", "job_type"
    )


def blueprint_get(*, institution: Institution, bp_id) -> Blueprint | None:
    return _get(blueprints_of(institution=institution), bp_id)


def paper_sets_of(*, institution: Institution):
    return PaperSet.objects.filter(institution=institution).select_related("blueprint", "sitting")


def paper_set_get(*, institution: Institution, set_id) -> PaperSet | None:
    return _get(paper_sets_of(institution=institution), set_id)


def paper_get(*, institution: Institution, paper_id) -> Paper | None:
    qs = Paper.objects.filter(institution=institution).select_related(
        "sitting", "blueprint", "custodian", "key_holder", "paper_set"
    )
    return _get(qs, paper_id)


def handover_get(*, institution: Institution, handover_id) -> PaperHandover | None:
    qs = PaperHandover.objects.filter(institution=institution).select_related("paper")
    return _get(qs, handover_id)


def unlock_get(*, institution: Institution, unlock_id) -> PaperUnlock | None:
    qs = PaperUnlock.objects.filter(institution=institution).select_related("paper")
    return _get(qs, unlock_id)


def unlocks_today(paper: Paper):
    """The paper's unlock requests of today (双人双锁, EXAM-04), newest first."""
    return paper.unlocks.filter(day=custody._today()).select_related("requested_by", "key_holder")


def custody_log(paper: Paper):
    return paper.custody_events.select_related("actor", "handover").order_by("at", "id")


def handovers_of(paper: Paper):
    return paper.handovers.select_related("from_user", "to_user")


def papers_of_set(paper_set: PaperSet) -> list[Paper]:
    """The set's parallel forms in form order (A, B, ...)."""
    return list(paper_set.papers.order_by("form_no"))


def members_of(*, institution: Institution):
    """The institution's members: who may receive a paper or hold its second key."""
    return get_user_model().objects.filter(memberships__institution=institution).distinct()


def sittings_of(*, institution: Institution):
    """The institution's sittings a paper set may be assembled for or attached to."""
    return Sitting.objects.filter(institution=institution)


def item_scope(*, institution: Institution, keep: Occupation | None = None):
    """(occupations, job types) an item may name: the filed scope, plus `keep` (an item's own
    occupation, filed before its scope row was withdrawn) and its job types."""
    occupations = scope_occupations(institution)
    job_types = scope_job_types(institution)
    if keep is not None:
        occupations = occupations | Occupation.objects.filter(pk=keep.pk)
        job_types = job_types | JobType.objects.filter(occupation=keep)
    return occupations.distinct(), job_types.distinct()


def paper_questions(*, actor, paper: Paper) -> list[dict]:
    """The paper's questions in order, for the online exam: unsealed only once the sitting
    has opened and both key holders unlocked it today (DomainError rule EXAM-04 otherwise);
    every call is a logged access."""
    content = custody.paper_open(actor=actor, paper=paper, purpose="在线考试读取")
    return [{k: q[k] for k in QUESTION_KEYS} for q in content["questions"]]


def papers_of_sitting(sitting) -> list[Paper]:
    """Sealed papers assembled for a sitting (what an online exam can be created from)."""
    return list(
        Paper.objects.filter(
            institution_id=sitting.institution_id, sitting=sitting, status=Paper.SEALED
        ).order_by("paper_set_id", "form_no")
    )
