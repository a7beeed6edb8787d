"""The state of each sitting as a stage strip (报名 → 审核 → 方案报批 → 考试 → 评分 →
公示/成绩 → 发证 → 归档), read from the records each stage leaves, for all the
institution's sittings in one query (Exists/Count annotations, no query per sitting).

A stage is done when its record exists; the first stage not done is the current one. A
later stage may be done while an earlier one is not (results entered before a late
application was reviewed); the strip shows each as it is."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from skillcert.arrangement.implementation.models import ImplementationPlan
from skillcert.certificates.models import Certificate
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration, Sitting
from skillcert.records.models import ArchiveItem
from skillcert.scoring.models import Result, ResultNotice, ResultPublication

from ..counting import last_day

STAGES = (
    ("registered", "报名"),
    ("reviewed", "审核"),
    ("plan", "方案报批"),
    ("held", "考试"),
    ("scored", "评分"),
    ("published", "公示/成绩"),
    ("certified", "发证"),
    ("archived", "归档"),
)
DONE, CURRENT, TODO = "done", "current", "todo"
STAGE_LABELS = {DONE: "已完成", CURRENT: "进行中", TODO: "未开始"}
MAX_SITTINGS = 50  # the newest; older ones are on the plans pages


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    state: str

    @property
    def state_label(self) -> str:
        return STAGE_LABELS[self.state]


@dataclass(frozen=True)
class SittingStages:
    sitting: Sitting
    registered: int
    pending: int
    stages: tuple[Stage, ...]

    @property
    def current(self) -> Stage | None:
        return next((s for s in self.stages if s.state == CURRENT), None)


def _flags_query(inst: Institution, today: date):
    of = OuterRef("pk")
    # The newest version only: an older approval does not count once a new one is sent.
    latest_plan = ImplementationPlan.objects.filter(sitting=of).order_by("-version")[:1]
    live = ~Q(registrations__status=Registration.CANCELLED)
    return (
        Sitting.objects.filter(institution=inst)
        .select_related("occupation", "job_type")
        .annotate(
            n_registered=Count("registrations", filter=live),
            n_pending=Count("registrations", filter=Q(registrations__status=Registration.PENDING)),
            plan_state=Subquery(latest_plan.values("state")),
            last_day=last_day(),
            has_results=Exists(Result.objects.filter(registration__sitting=of)),
            has_notice=Exists(ResultNotice.objects.filter(sitting=of)),
            has_publication=Exists(ResultPublication.objects.filter(sitting=of)),
            has_certificates=Exists(Certificate.objects.filter(register__sitting=of)),
            has_archive=Exists(ArchiveItem.objects.filter(sitting=of)),
        )
        .order_by("-theory_on", "-id")
    )


def _done(s, today: date) -> dict[str, bool]:
    return {
        "registered": s.n_registered > 0,
        "reviewed": s.n_registered > 0 and s.n_pending == 0,
        "plan": s.plan_state == ImplementationPlan.APPROVED,
        "held": s.last_day is not None and s.last_day < today,
        "scored": s.has_results,
        "published": s.has_notice or s.has_publication,
        "certified": s.has_certificates,
        "archived": s.has_archive,
    }


def _strip(done: dict[str, bool]) -> tuple[Stage, ...]:
    current = next((key for key, _ in STAGES if not done[key]), None)
    return tuple(
        Stage(key, label, DONE if done[key] else CURRENT if key == current else TODO)
        for key, label in STAGES
    )


def sitting_stages(inst: Institution, today: date) -> list[SittingStages]:
    rows = _flags_query(inst, today)[:MAX_SITTINGS]
    return [SittingStages(s, s.n_registered, s.n_pending, _strip(_done(s, today))) for s in rows]
